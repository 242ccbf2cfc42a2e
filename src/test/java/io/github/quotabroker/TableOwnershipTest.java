package io.github.quotabroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table's SQL lives only in the package that owns it (issue #13, STYLE.md "a package
 * owns its tables"): other packages ask the owner's service. Checked on the SQL text of
 * the main sources, not on class names: every string literal and text block, and the
 * {@code @Table} of JPA entities (an {@code @Entity} without one maps to its class name
 * in snake case).
 *
 * <p>
 * A literal mentions a table when the table's name follows {@code from}, {@code join},
 * {@code into}, {@code update}, {@code table} or {@code references}, or when the literal
 * is the bare table name (a table chosen by a caller, as the usage history does) and not
 * a result-set column label ({@code rs.getArray("pools")}). English text such as "its
 * reservations have ended" is therefore no mention. Comments are skipped.
 */
class TableOwnershipTest {

	static final Path MIGRATIONS = Path.of("db/migration");

	static final Path MAIN_SOURCES = Path.of("src/main/java/io/github/quotabroker");

	static final Path FIXTURE_SOURCES = Path.of("src/test/resources/archfixtures/tables/io/github/quotabroker");

	/**
	 * Which package owns each table of the migrations: the package whose capability the
	 * rows describe (and whose store creates them). A new migration's table must be added
	 * here, or {@link #everyTableOfTheMigrationsHasAnOwner()} fails.
	 */
	static final Map<String, String> OWNERS = Map.ofEntries(Map.entry("pools", "pool"), Map.entry("teams", "team"),
			Map.entry("team_members", "team"), Map.entry("allocations", "team"), Map.entry("usage_events", "usage"),
			Map.entry("usage_minute_buckets", "usage"), Map.entry("usage_hour_buckets", "usage"),
			Map.entry("usage_retention", "usage"), Map.entry("usage_event_ids", "usage"),
			Map.entry("api_keys", "security"), Map.entry("audit_log", "audit"),
			Map.entry("reservations", "reservation"), Map.entry("queue_versions", "queue"),
			Map.entry("queue_service", "queue"), Map.entry("queue_wakeups", "queue"),
			Map.entry("pool_status_seen", "availability"), Map.entry("webhooks", "webhook"),
			Map.entry("webhook_deliveries", "webhook"), Map.entry("webhook_queue_watches", "webhook"),
			Map.entry("pool_observations", "calibration"), Map.entry("forecast_anomalies", "forecast"),
			Map.entry("schedules", "schedule"), Map.entry("pool_alternatives", "pool"));

	private static final Pattern CREATE_TABLE = Pattern.compile(
			"create\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:public\\.)?\"?([a-z_][a-z0-9_]*)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern TABLE_ANNOTATION = Pattern
		.compile("@(?:jakarta\\.persistence\\.)?Table\\s*\\(\\s*(?:name\\s*=\\s*)?\"([A-Za-z0-9_]+)\"");

	/** Source just before a literal that is a column label of a result set getter. */
	private static final Pattern COLUMN_LABEL = Pattern.compile("\\.get[A-Za-z]*\\(\\s*$");

	private static final Pattern ENTITY_CLASS = Pattern
		.compile("@(?:jakarta\\.persistence\\.)?Entity\\b[\\s\\S]*?\\bclass\\s+([A-Za-z0-9_]+)");

	// Tests

	@Test
	void everyTableOfTheMigrationsHasAnOwner() {
		Set<String> tables = tablesOf(MIGRATIONS);

		assertThat(tables).contains("pools", "reservations", "queue_versions");
		assertThat(OWNERS.keySet()).as("tables of db/migration without an owner in OWNERS").containsAll(tables);
		assertThat(tables).as("OWNERS names tables that no migration creates").containsAll(OWNERS.keySet());
	}

	@Test
	void everyTableIsMentionedOnlyByItsOwningPackage() {
		assertThat(violations(MAIN_SOURCES, tablesOf(MIGRATIONS))).isEmpty();
	}

	@Test
	void aPackageQueryingAnotherPackagesTableIsReported() {
		List<String> violations = violations(FIXTURE_SOURCES, tablesOf(MIGRATIONS));

		assertThat(violations).containsExactlyInAnyOrder(
				"fairshare/AllocationTerms.java mentions allocations (owned by team)",
				"reservation/ReservationQueries.java mentions pools (owned by pool)",
				"reservation/ReservationQueries.java mentions queue_versions (owned by queue)",
				"usage/BucketTable.java mentions teams (owned by team)",
				"audit/TeamSnapshotEntity.java mentions teams (owned by team)",
				"audit/ReservationEntity.java mentions reservation_entity (owned by nobody)");
	}

	@Test
	void theOwnersOwnSqlCommentsAndEnglishTextAreNoViolation() {
		List<String> violations = violations(FIXTURE_SOURCES, tablesOf(MIGRATIONS));

		assertThat(violations).noneMatch((v) -> v.startsWith("team/"));
		assertThat(violations).noneMatch((v) -> v.startsWith("usage/Messages.java"));
	}

	@Test
	void literalsAreReadAsJavaReadsThem() {
		List<String> literals = literals("""
				// select * from pools
				/* "from teams" */
				String a = "say \\"from allocations\\"";
				char quote = '"';
				String b = \"""
				    select * from reservations
				    \""";
				""");

		assertThat(literals).containsExactly("say \\\"from allocations\\\"", "    select * from reservations\n    ");
	}

	// The check

	/**
	 * One line per (file, table) where a file outside the table's owning package mentions
	 * the table; a JPA entity mapped to a table no migration creates is reported too.
	 */
	static List<String> violations(Path root, Set<String> tables) {
		List<String> violations = new ArrayList<>();
		for (Path file : javaFiles(root)) {
			Path relative = root.relativize(file);
			String pkg = (relative.getNameCount() > 1) ? relative.getName(0).toString() : "";
			String where = relative.toString().replace('\\', '/');
			for (String table : mentions(read(file), tables)) {
				String owner = OWNERS.getOrDefault(table, "nobody");
				if (!owner.equals(pkg)) {
					violations.add(where + " mentions " + table + " (owned by " + owner + ")");
				}
			}
		}
		return violations;
	}

	static Set<String> mentions(String source, Set<String> tables) {
		Set<String> found = new TreeSet<>();
		for (Literal literal : literalsAt(source)) {
			String text = literal.text().toLowerCase(Locale.ROOT);
			if (tables.contains(text.strip()) && !COLUMN_LABEL.matcher(source.substring(0, literal.start())).find()) {
				found.add(text.strip());
			}
			for (String table : tables) {
				if (sqlNames(table).matcher(text).find()) {
					found.add(table);
				}
			}
		}
		Matcher table = TABLE_ANNOTATION.matcher(source);
		boolean mapped = false;
		while (table.find()) {
			found.add(table.group(1).toLowerCase(Locale.ROOT));
			mapped = true;
		}
		Matcher entity = ENTITY_CLASS.matcher(source);
		if (!mapped && entity.find()) {
			found.add(snakeCase(entity.group(1)));
		}
		return found;
	}

	private static Pattern sqlNames(String table) {
		return Pattern.compile("\\b(?:from|join|into|update|table|references)\\s+(?:only\\s+)?(?:public\\.)?\"?"
				+ Pattern.quote(table) + "\\b");
	}

	static String snakeCase(String className) {
		return className.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * The string literals and text blocks of a Java source, as written between their
	 * quotes (escapes not resolved; a text block's content after its opening line).
	 */
	static List<String> literals(String source) {
		return literalsAt(source).stream().map(Literal::text).toList();
	}

	/** A literal's text and where its opening quote is in the source. */
	record Literal(String text, int start) {
	}

	static List<Literal> literalsAt(String source) {
		List<Literal> literals = new ArrayList<>();
		int i = 0;
		int n = source.length();
		while (i < n) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				int end = source.indexOf('\n', i);
				i = (end < 0) ? n : end + 1;
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = (end < 0) ? n : end + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				int start = source.indexOf('\n', i + 3) + 1;
				int end = start;
				while (!source.startsWith("\"\"\"", end) || source.charAt(end - 1) == '\\') {
					end++;
				}
				literals.add(new Literal(source.substring(start, end), i));
				i = end + 3;
			}
			else if (c == '"' || c == '\'') {
				int end = i + 1;
				while (source.charAt(end) != c) {
					end += (source.charAt(end) == '\\') ? 2 : 1;
				}
				if (c == '"') {
					literals.add(new Literal(source.substring(i + 1, end), i));
				}
				i = end + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	static Set<String> tablesOf(Path migrations) {
		Set<String> tables = new LinkedHashSet<>();
		try (Stream<Path> files = Files.list(migrations)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".sql")).sorted().toList()) {
				Matcher m = CREATE_TABLE.matcher(read(file));
				while (m.find()) {
					tables.add(m.group(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tables;
	}

	private static List<Path> javaFiles(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((f) -> f.toString().endsWith(".java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
