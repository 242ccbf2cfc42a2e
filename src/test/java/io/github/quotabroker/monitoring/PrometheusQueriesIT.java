package io.github.quotabroker.monitoring;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A real Prometheus scrapes the service (with demo-like data) every second, loads the
 * alert rules, and answers every PromQL expression of every dashboard panel and every
 * rule: none may fail or come back without a series. Skipped without the
 * {@code prometheus} binary (Debian package prometheus; .ci/run installs it).
 */
@TestPropertySource(properties = { "quota.metrics.refresh-interval=PT1S", "quota.reservations.sweep-interval=PT1S",
		"quota.forecast.metrics-refresh-interval=PT1S", "quota.forecast.anomalies.interval=PT1S" })
class PrometheusQueriesIT extends HttpIntegrationTestBase {

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

	private static final Pattern COMPARISON = Pattern.compile("\\s(>=|<=|==|!=|>|<)\\s+(?!bool\\b)");

	private static final Duration WAIT = Duration.ofSeconds(90);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String prometheus;

	@Test
	void everyDashboardAndRuleExpressionReturnsSeriesFromARealPrometheus(@TempDir Path dir) throws Exception {
		assumeTrue(Monitoring.installed("prometheus"),
				"prometheus not installed (Debian package prometheus; .ci/run installs it): skipped");
		demoLikeData();
		String live = "127.0.0.1:" + this.port;
		String down = "127.0.0.1:" + freePort();
		int prometheusPort = freePort();
		this.prometheus = "http://127.0.0.1:" + prometheusPort;
		// The second target listens nowhere, so 'instance down' has an instance to
		// report.
		Files.writeString(dir.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s/*.yml
				scrape_configs:
				  - job_name: quota-broker
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["%s", "%s"]
				""".formatted(Monitoring.RULES, live, down));
		Process process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		try {
			awaitSeries("up{job=\"quota-broker\"} == 1");
			awaitSeries("count_over_time(up{job=\"quota-broker\", instance=\"" + live + "\"}[1m]) >= 5");
			awaitSeries("quota_reservations_held");
			awaitSeries("quota_reservations_ended_total{status=\"EXPIRED\"}");
			awaitSeries("quota_queue_wait_seconds_count{pool=\"session\"} >= 1");
			awaitSeries("quota_queue_depth{pool=\"session\"} >= 1");
			awaitSeries("quota_forecast_exhaustion_seconds");
			// Every allocated team's anomaly counters exist from the first look, at zero.
			awaitSeries("quota_forecast_anomalies_total{pool=\"session\", team=\"mobile\", severity=\"ANOMALY\"}");
			List<String> failures = new ArrayList<>();
			int checked = checkDashboards(live, failures) + checkRules(failures);
			assertThat(failures).as("%d expressions checked", checked).isEmpty();
			assertThat(checked).isGreaterThan(50);
			awaitAlerts(Set.of("QuotaPoolAbove85Percent", "QuotaPoolAbove95Percent", "QuotaTeamOverCap",
					"QuotaInstanceDown", "QuotaForecastExhaustionWithin2h"));
		}
		catch (AssertionError | RuntimeException ex) {
			throw new AssertionError(ex.getMessage() + "\nprometheus log:\n" + tail(dir.resolve("prometheus.log")), ex);
		}
		finally {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * One pool at 96 % (72 + 24 of 100) with a team beyond its cap, duplicates and a
	 * refusal, holds granted, rejected, queued (one granted after 30 s, one still
	 * waiting), released and expired, admission answers and a request without a key.
	 */
	private void demoLikeData() throws Exception {
		Api api = new Api(this.mvc);
		api.rollingPool("session", 100, "PT5H", "claude-*");
		api.team("platform", "UTC");
		api.team("mobile", "Europe/Berlin");
		api.allocate("session", "platform");
		api.allocate("session", "mobile");
		api.usage("p1", "platform", "claude-opus-4", "2026-11-25T10:00:00Z", 72).andExpect(status().isOk());
		api.usage("m1", "mobile", "claude-opus-4", "2026-11-25T11:00:00Z", 24).andExpect(status().isOk());
		api.usage("m1", "mobile", "claude-opus-4", "2026-11-25T11:00:00Z", 24).andExpect(status().isOk());
		api.usage("x1", "ghosts", "claude-opus-4", "2026-11-25T11:00:00Z", 1).andExpect(status().isNotFound());
		api.post("/reservations", hold("mobile", 2, "")).andExpect(status().isCreated());
		// The pool full, a request waits 30 s in the queue and is granted when a hold is
		// released: the queue's depth and wait have series.
		String full = api.post("/reservations", hold("mobile", 2, ""))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		api.post("/reservations", hold("mobile", 1, ",\"queue\":true")).andExpect(status().isAccepted());
		this.clock.set(TestBeans.START.plusSeconds(30));
		api.post("/reservations/" + this.json.readTree(full).path("id").asString() + "/release", "{}")
			.andExpect(status().is2xxSuccessful());
		api.post("/reservations", hold("mobile", 50, "")).andExpect(status().isConflict());
		api.post("/reservations", hold("mobile", 50, ",\"queue\":true")).andExpect(status().isAccepted());
		String released = api.post("/reservations", hold("mobile", 1, ""))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = this.json.readTree(released).path("id").asString();
		api.post("/reservations/" + id + "/release", "{}").andExpect(status().is2xxSuccessful());
		api.post("/reservations", hold("mobile", 1, ",\"ttl\":\"PT1M\"")).andExpect(status().isCreated());
		api.post("/teams/mobile/admission", """
				{"poolId":"session","estimatedAmount":1,"kind":"INTERACTIVE","priority":"HIGH"}
				""").andExpect(status().isOk());
		api.post("/teams/mobile/admission", """
				{"poolId":"session","estimatedAmount":50,"kind":"AUTOMATED","priority":"LOW"}
				""").andExpect(status().isOk());
		assertThat(new Http(this.port, null).get("/pools").statusCode()).isEqualTo(401);
		// The one-minute hold has expired; the sweeper (every second here) marks it.
		this.clock.set(TestBeans.START.plusSeconds(120));
	}

	private static String hold(String team, long amount, String more) {
		return """
				{"teamId":"%s","poolId":"session","amount":%d%s}
				""".formatted(team, amount, more);
	}

	/** Every panel's expressions, with the dashboard's variables set to real values. */
	private int checkDashboards(String live, List<String> failures) throws Exception {
		int checked = 0;
		for (Path file : Monitoring.dashboardFiles()) {
			JsonNode board = Monitoring.dashboard(file);
			Map<String, String> values = new LinkedHashMap<>();
			values.put("__rate_interval", "1m");
			values.put("__interval", "15s");
			for (JsonNode variable : board.path("templating").path("list")) {
				String name = variable.path("name").asString();
				Matcher m = LABEL_VALUES.matcher(variable.path("definition").asString());
				assertThat(m.matches()).as("%s variable %s", file, name).isTrue();
				TreeSet<String> found = labelValues(substitute(m.group(1), values), m.group(2));
				checked++;
				if (found.isEmpty()) {
					failures.add(file.getFileName() + " variable " + name + ": no values");
					continue;
				}
				values.put(name, found.contains(live) ? live : found.first());
			}
			for (JsonNode panel : board.path("panels")) {
				for (JsonNode target : panel.path("targets")) {
					String expr = substitute(target.path("expr").asString(), values);
					checked++;
					check(file.getFileName() + " '" + panel.path("title").asString() + "'", expr, failures);
				}
			}
		}
		return checked;
	}

	/**
	 * Every rule as Prometheus loaded it: evaluated without error, and (alerts with their
	 * comparisons made {@code bool}) with a series, firing or not.
	 */
	private int checkRules(List<String> failures) throws Exception {
		JsonNode groups = awaitRulesEvaluated();
		int checked = 0;
		Set<String> files = new HashSet<>();
		for (JsonNode group : groups) {
			files.add(Path.of(group.path("file").asString()).getFileName().toString());
			for (JsonNode rule : group.path("rules")) {
				String name = rule.path("name").asString();
				if (!"ok".equals(rule.path("health").asString())) {
					failures.add("rule " + name + ": " + rule.path("lastError").asString());
				}
				String query = rule.path("query").asString();
				if ("alerting".equals(rule.path("type").asString())) {
					query = COMPARISON.matcher(query).replaceAll(" $1 bool ");
				}
				checked++;
				check("rule " + name, query, failures);
			}
		}
		Set<String> expected = new HashSet<>();
		Monitoring.ruleFiles().forEach((f) -> expected.add(f.getFileName().toString()));
		assertThat(files).as("rule files loaded").isEqualTo(expected);
		return checked;
	}

	private void check(String where, String expr, List<String> failures) throws Exception {
		JsonNode answer = query(expr);
		// A scrape that timed out (one second here) marks every series stale until the
		// next one: on a busy machine an expression may find none for a moment, so it
		// gets a few more scrapes before it counts as failing.
		for (int retry = 0; retry < 20 && "success".equals(answer.path("status").asString())
				&& answer.path("data").path("result").isEmpty(); retry++) {
			Thread.sleep(500);
			answer = query(expr);
		}
		if (!"success".equals(answer.path("status").asString())) {
			failures.add(where + ": " + expr + " -> " + answer.path("error").asString());
		}
		else if (answer.path("data").path("result").isEmpty()) {
			failures.add(where + ": " + expr + " -> no series");
		}
	}

	private static String substitute(String text, Map<String, String> values) {
		String result = text;
		for (Map.Entry<String, String> e : values.entrySet()) {
			result = result.replace("${" + e.getKey() + "}", e.getValue()).replace("$" + e.getKey(), e.getValue());
		}
		return result;
	}

	private TreeSet<String> labelValues(String match, String label) throws Exception {
		JsonNode answer = get("/api/v1/series?match[]=" + encode(match));
		TreeSet<String> values = new TreeSet<>();
		for (JsonNode series : answer.path("data")) {
			if (series.hasNonNull(label)) {
				values.add(series.path(label).asString());
			}
		}
		return values;
	}

	private JsonNode query(String expr) throws Exception {
		return get("/api/v1/query?query=" + encode(expr));
	}

	private void awaitSeries(String expr) throws Exception {
		await("a series for " + expr, () -> query(expr), (a) -> !a.path("data").path("result").isEmpty());
	}

	private JsonNode awaitRulesEvaluated() throws Exception {
		return await("every rule evaluated", () -> get("/api/v1/rules"), (a) -> {
			int rules = 0;
			for (JsonNode group : a.path("data").path("groups")) {
				for (JsonNode rule : group.path("rules")) {
					rules++;
					if ("unknown".equals(rule.path("health").asString())) {
						return false;
					}
				}
			}
			return rules > 0;
		}).path("data").path("groups");
	}

	private void awaitAlerts(Set<String> names) throws Exception {
		await("alerts " + names + " pending or firing", () -> get("/api/v1/alerts"), (a) -> {
			Set<String> active = new HashSet<>();
			a.path("data")
				.path("alerts")
				.forEach((alert) -> active.add(alert.path("labels").path("alertname").asString()));
			return active.containsAll(names);
		});
	}

	private interface Call {

		JsonNode call() throws Exception;

	}

	/**
	 * Polls Prometheus until its answer satisfies {@code done}; it scrapes on its own
	 * clock.
	 */
	private JsonNode await(String what, Call call, Predicate<JsonNode> done) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode last = null;
		while (System.nanoTime() < deadline) {
			try {
				last = call.call();
				if (done.test(last)) {
					return last;
				}
			}
			catch (IOException | JacksonException ex) {
				// Prometheus is still starting: no connection yet, or a plain-text
				// "Service Unavailable" until its storage is ready.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Waited " + WAIT + " for " + what + "; last answer: " + last);
	}

	private JsonNode get(String pathAndQuery) throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create(this.prometheus + pathAndQuery))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		try {
			return this.json.readTree(response.body());
		}
		catch (tools.jackson.core.JacksonException ex) {
			// A Prometheus still starting answers 503 'Service Unavailable' in plain
			// text:
			// not an answer yet (await retries on IOException).
			throw new IOException("Prometheus answered " + response.statusCode() + ": "
					+ response.body().substring(0, Math.min(200, response.body().length())), ex);
		}
	}

	private static String encode(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
