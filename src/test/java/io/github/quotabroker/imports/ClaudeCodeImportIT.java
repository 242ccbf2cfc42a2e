package io.github.quotabroker.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports recorded Claude Code transcripts over a real HTTP connection and checks what
 * the ledger holds, against ccusage (the reference tool) where it is installed.
 */
class ClaudeCodeImportIT extends HttpIntegrationTestBase {

	static final Path EXACT = Path.of("src/test/resources/claude-code/exact");

	static final Path DIFFERING = Path.of("src/test/resources/claude-code/differing");

	static final Path SESSION_A = EXACT.resolve("projects/-work-payments/5b1e2c4a-0d3f-4a7e-9c61-2f8e1a9b0c11.jsonl");

	static final JsonMapper JSON = JsonMapper.builder().build();

	final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1_000_000_000, "PT5H", "claude-*");
		this.api.team("payments", "Europe/Berlin");
		this.api.allocate("session", "payments");
	}

	HttpResponse<String> post(String query, byte[] body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/imports/claude-code" + query))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + TestBeans.ADMIN_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		else {
			request.header("Content-Type", "application/x-ndjson");
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode importFile(Path file, String member) throws Exception {
		String agent = file.getFileName().toString().startsWith("agent-")
				? "&agentId=" + file.getFileName().toString().replace(".jsonl", "") : "";
		HttpResponse<String> response = post("?teamId=payments&memberId=" + member + agent, Files.readAllBytes(file));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	List<Path> transcripts(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((p) -> p.toString().endsWith(".jsonl")).sorted().toList();
		}
	}

	@Test
	void eachCallCountsOnceAndEveryOtherLineIsCountedByReason() throws Exception {
		JsonNode answer = importFile(SESSION_A, "ana");
		assertThat(answer.get("lines").asLong()).isEqualTo(16);
		// msg_01A, 01B, 01C (no model), 01E, 01F
		assertThat(answer.get("imported").asLong()).isEqualTo(5);
		assertThat(answer.get("duplicates").asLong()).isZero();
		// the second line of 01A and the second and third of 01B
		assertThat(answer.get("repeatedLines").asLong()).isEqualTo(3);
		assertThat(answer.get("skipped").get("malformed").asLong()).isEqualTo(2);
		assertThat(answer.get("skipped").get("synthetic").asLong()).isEqualTo(1);
		// summary, two user lines... and the compaction notice
		assertThat(answer.get("skipped").get("no_usage").asLong()).isEqualTo(5);
		assertThat(this.ledger.events()).isEqualTo(5);
		assertThat(this.jdbc.sql("select model from usage_events where event_id = 'cc:msg_01C:req_01C'")
			.query(String.class)
			.single()).isEqualTo("unknown");
		assertThat(this.jdbc.sql("select cost_usd::text from usage_events where event_id = 'cc:msg_01E:req_01E'")
			.query(String.class)
			.single()).isEqualTo("0.012300");
	}

	@Test
	void aSecondImportOfTheSameFilesRecordsNothingNew() throws Exception {
		for (Path file : transcripts(EXACT)) {
			importFile(file, "ana");
		}
		long events = this.ledger.events();
		long imported = 0;
		long duplicates = 0;
		for (Path file : transcripts(EXACT)) {
			JsonNode again = importFile(file, "ana");
			imported += again.get("imported").asLong();
			duplicates += again.get("duplicates").asLong();
		}
		assertThat(imported).isZero();
		assertThat(duplicates).isEqualTo(events);
		assertThat(this.ledger.events()).isEqualTo(events);
	}

	@Test
	void theBucketsHoldExactlyTheLedgersSumsPerPoolTeamAndMinuteOrHour() throws Exception {
		// Twice, so that the second import's duplicates must leave the buckets alone too.
		for (int round = 0; round < 2; round++) {
			for (Path file : transcripts(EXACT)) {
				importFile(file, "ana");
			}
		}
		assertThat(this.ledger.events()).isPositive();
		for (String unit : List.of("minute", "hour")) {
			// Rows on one side only, or with other sums, come out of the full join.
			List<String> differences = this.jdbc.sql("""
					with ledger as (
					    select p.pool_id, date_trunc(:unit, e.occurred_at, 'UTC') as bucket_start, e.team_id,
					           sum(e.counted_amounts[p.n]) as amount, count(*) as events
					    from usage_events e, unnest(e.counted_pools) with ordinality as p(pool_id, n)
					    group by 1, 2, 3
					), buckets as (
					    select pool_id, bucket_start, team_id, amount, events from usage_%s_buckets
					)
					select coalesce(l.pool_id, b.pool_id) || ' ' || coalesce(l.bucket_start, b.bucket_start)
					       || ': ledger ' || coalesce(l.amount || '/' || l.events, '-')
					       || ', bucket ' || coalesce(b.amount || '/' || b.events, '-')
					from ledger l full join buckets b
					  on b.pool_id = l.pool_id and b.bucket_start = l.bucket_start and b.team_id = l.team_id
					where l.amount is distinct from b.amount or l.events is distinct from b.events
					""".formatted(unit)).param("unit", unit).query(String.class).list();
			assertThat(differences).as(unit).isEmpty();
			assertThat(this.ledger.bucketEvents(unit, "session")).isPositive();
		}
	}

	@Test
	void aGzipBodyIsReadLikeAPlainOne() throws Exception {
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
			gzip.write(Files.readAllBytes(SESSION_A));
		}
		HttpResponse<String> response = post("?teamId=payments&memberId=ana", zipped.toByteArray(), "Content-Type",
				"application/x-ndjson", "Content-Encoding", "gzip");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("imported").asLong()).isEqualTo(5);
		HttpResponse<String> asType = post("?teamId=payments&memberId=ana", zipped.toByteArray(), "Content-Type",
				"application/gzip");
		assertThat(JSON.readTree(asType.body()).get("duplicates").asLong()).isEqualTo(5);
	}

	@Test
	void aCallFromAResumedSessionFileIsADuplicateAndSubagentsKeepTheirAgentAndSession() throws Exception {
		for (Path file : transcripts(EXACT)) {
			importFile(file, "ana");
		}
		// msg_01B is in both payments files; the haiku calls come from the subagent file
		assertThat(this.jdbc.sql("select count(*) from usage_events where event_id = 'cc:msg_01B:req_01B'")
			.query(Long.class)
			.single()).isOne();
		assertThat(this.jdbc.sql("select agent_id from usage_events where event_id = 'cc:msg_04B:req_04B'")
			.query(String.class)
			.single()).isEqualTo("a1b2c3d4");
		assertThat(this.jdbc.sql("select workflow_id from usage_events where event_id = 'cc:msg_03A:req_03A'")
			.query(String.class)
			.single()).isEqualTo("9d3a4e6c-2f5b-4c9a-9e83-4b0a3c1d2e33");
	}

	@Test
	void theSameCallsImportedForAnotherMemberAreConflictsLeftAsTheyWere() throws Exception {
		importFile(SESSION_A, "ana");
		JsonNode answer = importFile(SESSION_A, "bo");
		assertThat(answer.get("imported").asLong()).isZero();
		assertThat(answer.get("skipped").get("conflict").asLong()).isEqualTo(5);
		assertThat(
				this.jdbc.sql("select count(*) from usage_events where member_id = 'ana'").query(Long.class).single())
			.isEqualTo(5);
	}

	@Test
	void badParametersAreRefusedBeforeAnyLineIsRead() throws Exception {
		HttpResponse<String> noTeam = post("?memberId=ana", "{}".getBytes());
		assertThat(noTeam.statusCode()).isEqualTo(400);
		assertThat(noTeam.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(noTeam.body()).contains("\"field\":\"teamId\"");
		HttpResponse<String> unknown = post("?teamId=nobody", Files.readAllBytes(SESSION_A));
		assertThat(unknown.statusCode()).isEqualTo(404);
		HttpResponse<String> kind = post("?teamId=payments&kind=SOMETIMES", "{}".getBytes());
		assertThat(kind.statusCode()).isEqualTo(400);
		assertThat(kind.body()).contains("\"field\":\"kind\"");
		assertThat(this.ledger.events()).isZero();
	}

	@Test
	void perDayAndPerModelTotalsEqualCcusage() throws Exception {
		Map<String, Map<String, List<Long>>> reference = ccusageDaily(EXACT);
		for (Path file : transcripts(EXACT)) {
			importFile(file, "ana");
		}
		assertThat(ledgerDaily()).isEqualTo(reference);
	}

	/**
	 * Where a response's lines disagree, the two rules differ; the service's is the right
	 * one (see the README, "Differences from ccusage").
	 */
	@Test
	void whereTheRulesDifferTheLastLineCountsAndAMessageWithoutRequestIdCountsOnce() throws Exception {
		for (Path file : transcripts(DIFFERING)) {
			importFile(file, "ana");
		}
		// msg_05A: output_tokens 1 then 250 (the final count); msg_05B: two lines, no
		// requestId
		assertThat(ledgerDaily())
			.isEqualTo(Map.of("2026-11-23", Map.of("claude-sonnet-4-5-20250929", List.of(18L, 310L, 0L, 10100L))));
		if (ccusageInstalled()) {
			// ccusage keeps msg_05A's first line and counts msg_05B twice.
			assertThat(ccusageDaily(DIFFERING))
				.isEqualTo(Map.of("2026-11-23", Map.of("claude-sonnet-4-5-20250929", List.of(26L, 121L, 0L, 15200L))));
		}
	}

	/** date → model → input, output, cache creation, cache read. */
	Map<String, Map<String, List<Long>>> ledgerDaily() {
		Map<String, Map<String, List<Long>>> daily = new TreeMap<>();
		this.jdbc.sql("""
				select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, model, sum(input_tokens) as i,
				       sum(output_tokens) as o, sum(cache_creation_tokens) as cc, sum(cache_read_tokens) as cr
				from usage_events group by 1, 2
				""").query((rs, n) -> {
			daily.computeIfAbsent(rs.getString("day"), (d) -> new TreeMap<>())
				.put(rs.getString("model"),
						List.of(rs.getLong("i"), rs.getLong("o"), rs.getLong("cc"), rs.getLong("cr")));
			return null;
		}).list();
		return daily;
	}

	static boolean ccusageInstalled() {
		try {
			Process p = new ProcessBuilder("ccusage", "--version").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static Map<String, Map<String, List<Long>>> ccusageDaily(Path configDir) throws Exception {
		Assumptions.assumeTrue(ccusageInstalled(),
				"ccusage is not installed (npm install -g ccusage@18.0.11): the comparison with it is skipped");
		ProcessBuilder builder = new ProcessBuilder("ccusage", "daily", "--json", "--offline", "-z", "UTC");
		builder.environment().put("CLAUDE_CONFIG_DIR", configDir.toAbsolutePath().toString());
		builder.redirectError(ProcessBuilder.Redirect.DISCARD);
		Process process = builder.start();
		byte[] out = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		Map<String, Map<String, List<Long>>> daily = new TreeMap<>();
		for (JsonNode day : JSON.readTree(out).get("daily")) {
			Map<String, List<Long>> models = daily.computeIfAbsent(day.get("date").asString(), (d) -> new TreeMap<>());
			for (JsonNode m : day.get("modelBreakdowns")) {
				models.put(m.get("modelName").asString(),
						List.of(m.get("inputTokens").asLong(), m.get("outputTokens").asLong(),
								m.get("cacheCreationTokens").asLong(), m.get("cacheReadTokens").asLong()));
			}
		}
		return daily;
	}

}
