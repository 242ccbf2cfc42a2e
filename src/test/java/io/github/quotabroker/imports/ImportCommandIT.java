package io.github.quotabroker.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code java -jar quota-broker.jar import-claude-code ...} (the main class, in its
 * own JVM) against a running service.
 */
class ImportCommandIT extends HttpIntegrationTestBase {

	@TempDir
	Path home;

	Path projects;

	@BeforeEach
	void copyTheFixtureTranscripts() throws Exception {
		this.api.rollingPool("session", 1_000_000_000, "PT5H", "claude-*");
		this.api.team("payments", "Europe/Berlin");
		this.api.allocate("session", "payments");
		this.projects = this.home.resolve(".claude/projects");
		Path from = ClaudeCodeImportIT.EXACT.resolve("projects");
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path to = this.projects.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(to);
				}
				else {
					Files.copy(file, to);
				}
			}
		}
	}

	record Run(int exit, String output) {
	}

	Run command(String... extra) throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), "-Duser.home=" + this.home,
				QuotaBrokerApplication.class.getName(), "import-claude-code", "--dir", this.projects.toString(),
				"--team", "payments", "--member", "ana", "--url", "http://127.0.0.1:" + this.port));
		args.addAll(List.of(extra));
		ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
		builder.environment().put("QB_KEY", TestBeans.ADMIN_TOKEN);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	@Test
	void aSecondRunSendsNothingAndOnlyNewLinesAreSentLater() throws Exception {
		Run first = command();
		assertThat(first.exit()).as(first.output()).isZero();
		assertThat(first.output()).contains("[1/4]").contains("done: 4 of 4 files sent");
		// No Spring application was started by the command.
		assertThat(first.output()).doesNotContain("Tomcat").doesNotContain("Started QuotaBrokerApplication");
		long events = this.ledger.events();
		assertThat(events).isEqualTo(10);
		assertThat(Files.readString(this.home.resolve(".quota-broker/claude-code-import.state"))).contains(".jsonl\t");

		Run second = command();
		assertThat(second.exit()).isZero();
		assertThat(second.output()).contains("nothing new in 4 files");
		assertThat(this.ledger.events()).isEqualTo(events);

		// A new call, and half of a line still being written: only the complete line
		// goes.
		Path session = this.projects.resolve("-work-api/9d3a4e6c-2f5b-4c9a-9e83-4b0a3c1d2e33.jsonl");
		String line = Files.readAllLines(session)
			.get(1)
			.replace("msg_03A", "msg_03Z")
			.replace("2026-11-22T11:00:02.000Z", "2026-11-24T08:00:00.000Z");
		Files.writeString(session, line + "\n" + line.substring(0, 40), StandardOpenOption.APPEND);
		Run third = command();
		assertThat(third.output()).contains("done: 1 of 4 files sent").contains("1 lines, 1 imported");
		assertThat(this.ledger.events()).isEqualTo(events + 1);
	}

	@Test
	void sendingProjectFoldersInParallelRecordsWhatSendingInOrderRecords() throws Exception {
		Run inOrder = command();
		assertThat(inOrder.exit()).as(inOrder.output()).isZero();
		List<String> recorded = ledgerRows();
		assertThat(recorded).hasSize(10);
		this.jdbc.sql("truncate usage_events, usage_event_ids, usage_minute_buckets, usage_hour_buckets").update();
		Files.delete(this.home.resolve(".quota-broker/claude-code-import.state"));

		Run parallel = command("--parallel", "3");
		assertThat(parallel.exit()).as(parallel.output()).isZero();
		assertThat(parallel.output()).contains("done: 4 of 4 files sent");
		assertThat(ledgerRows()).isEqualTo(recorded);

		assertThat(command("--parallel", "0").output()).contains("--parallel must be a whole number from 1 to 64");
	}

	/** Every recorded event with its content hash and the pools it counted against. */
	private List<String> ledgerRows() {
		return this.jdbc.sql(
				"select event_id || ' ' || encode(content_hash, 'hex') || ' ' || array_to_string(counted_amounts, ',') "
						+ "from usage_events order by event_id")
			.query(String.class)
			.list();
	}

	@Test
	void withoutATeamItPrintsItsUsageAndFails() throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), QuotaBrokerApplication.class.getName(),
				"import-claude-code", "--dir", this.projects.toString())
			.redirectErrorStream(true);
		builder.environment().remove("QB_TEAM");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(output).contains("--team is required").contains("usage: java -jar quota-broker.jar");
	}

}
