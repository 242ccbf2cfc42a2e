package io.github.quotabroker.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.Ledger;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every endpoint against every role, for the caller's own team and for another team: one
 * row per call, over real HTTP. Teams {@code alpha} and {@code beta}; {@code alpha} is
 * allocated {@code shared} and {@code alpha-only}, {@code beta} {@code shared} and
 * {@code beta-only}; {@code spare} is allocated to no one. In {@code shared},
 * {@code alpha} holds {@code hold-alpha} and has {@code win-alpha} scheduled for
 * tomorrow, {@code beta} holds {@code hold-beta}. Each row starts from that same state,
 * with keys minted through {@code POST /api-keys}.
 */
class AccessMatrixIT extends HttpIntegrationTestBase {

	/** Who calls: a key minted in {@link #setUp()}, the admin token, none, or garbage. */
	enum Actor {

		ADMIN, LEAD_ALPHA, LEAD_BETA, AGENT_ALPHA, AGENT_BETA, NONE, UNKNOWN_KEY, REVOKED_AGENT_ALPHA

	}

	private static final String NEW_POOL = """
			{"name":"New","unit":"MESSAGES","limit":10,"window":{"type":"ROLLING","duration":"PT5H"},"models":["mistral-*"]}
			""";

	private static final String SHARED_POOL = """
			{"name":"Shared v2","unit":"MESSAGES","limit":2000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}
			""";

	private static final String TEAM_RENAMED = """
			{"name":"Renamed","timezone":"Europe/Berlin","members":[{"id":"ana","timezone":"UTC"}]}
			""";

	private static final String TEAM_REWEIGHTED = """
			{"name":"Renamed","timezone":"Europe/Berlin","weight":3}
			""";

	private static final String HOLD_ALPHA = """
			{"id":"hold-alpha","teamId":"alpha","poolId":"shared","amount":10}
			""";

	private static final String WIN_ALPHA = """
			{"id":"win-alpha","teamId":"alpha","poolId":"shared","amount":10,
			 "startsAt":"2026-11-26T00:00:00Z","endsAt":"2026-11-26T01:00:00Z"}
			""";

	private static final String HOLD_BETA = """
			{"id":"hold-beta","teamId":"beta","poolId":"shared","amount":10}
			""";

	private static final String ALPHA_RESERVES = """
			{"teamId":"alpha","poolId":"shared","amount":5}
			""";

	private static final String BETA_RESERVES = """
			{"teamId":"beta","poolId":"shared","amount":5}
			""";

	private static final String ADMISSION = """
			{"poolId":"shared","estimatedAmount":5,"kind":"AUTOMATED"}
			""";

	private static final String ADMISSION_HOLD = """
			{"poolId":"shared","estimatedAmount":5,"kind":"AUTOMATED","hold":true}
			""";

	private static final String SLOTS = """
			{"poolId":"shared","amount":5,"duration":"PT1H","maxResults":1}
			""";

	private static final String SCHEDULE = """
			{"tasks":[{"name":"a","estimatedAmount":5,"duration":"PT1H","pool":"shared"}]}
			""";

	private static final String SCHEDULE_RESERVE = """
			{"tasks":[{"name":"a","estimatedAmount":5,"duration":"PT1H","pool":"shared"}],"reserve":true}
			""";

	private static final String FEASIBILITY = """
			{"days":1,"storyPoints":1,"costPerPoint":{"shared":1}}
			""";

	private static final String SLOTS_RESERVE = """
			{"poolId":"shared","amount":5,"duration":"PT1H","maxResults":1,"reserve":true}
			""";

	private static final String WEBHOOK_SECRET = "whsec-access-matrix-0123456789";

	private static final String WEBHOOK = """
			{"url":"https://hooks.example.com/quota","events":["THRESHOLD_CROSSED"],"secret":"whsec-access-matrix-0123456789"}
			""";

	private static final String OBSERVATION = """
			{"source":"status-line","observedAt":"2026-11-25T11:55:00Z","memberId":"ana",
			 "rateLimits":{"five_hour":{"used_percentage":62.0,"resets_at":1795618800}}}
			""";

	private static final String TEAM_CAPPED = """
			{"name":"alpha","timezone":"UTC","maxActiveHolds":4}
			""";

	private final Map<Actor, String> secrets = new HashMap<>();

	private final Map<Actor, String> keyIds = new HashMap<>();

	@BeforeEach
	void setUp() throws Exception {
		Api api = new Api(this.mvc);
		api.rollingPool("shared", 1000, "PT5H", "claude-*");
		api.rollingPool("alpha-only", 1000, "PT5H", "gpt-*");
		api.rollingPool("beta-only", 1000, "PT5H", "gemini-*");
		api.rollingPool("spare", 1000, "PT5H", "llama-*");
		api.team("alpha", "UTC");
		api.team("beta", "UTC");
		api.allocate("shared", "alpha");
		api.allocate("alpha-only", "alpha");
		api.allocate("shared", "beta");
		api.allocate("beta-only", "beta");
		api.usage("seed-a", "alpha", "claude-x", "2026-11-25T11:30:00Z", 2).andExpect(status().isOk());
		api.usage("seed-b", "beta", "claude-x", "2026-11-25T11:30:00Z", 3).andExpect(status().isOk());
		this.secrets.clear();
		this.keyIds.clear();
		this.secrets.put(Actor.ADMIN, TestBeans.ADMIN_TOKEN);
		Http admin = new Http(this.port);
		for (String reservation : List.of(HOLD_ALPHA, WIN_ALPHA, HOLD_BETA)) {
			HttpResponse<String> created = admin.post("/reservations", reservation);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		for (String webhook : List.of("/teams/alpha/webhooks/ops", "/pools/shared/webhooks/ops")) {
			HttpResponse<String> created = admin.send("PUT", webhook, WEBHOOK);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		mint(admin, Actor.LEAD_ALPHA, "TEAM_LEAD", "alpha");
		mint(admin, Actor.LEAD_BETA, "TEAM_LEAD", "beta");
		mint(admin, Actor.AGENT_ALPHA, "AGENT", "alpha");
		mint(admin, Actor.AGENT_BETA, "AGENT", "beta");
		mint(admin, Actor.REVOKED_AGENT_ALPHA, "AGENT", "alpha");
		assertThat(admin.send("DELETE", "/api-keys/" + this.keyIds.get(Actor.REVOKED_AGENT_ALPHA), null).statusCode())
			.isEqualTo(204);
		this.secrets.put(Actor.NONE, null);
		this.secrets.put(Actor.UNKNOWN_KEY, "qb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	}

	private void mint(Http admin, Actor actor, String role, String team) throws Exception {
		HttpResponse<String> response = admin.post("/api-keys", """
				{"name":"%s","role":"%s","teamId":"%s"}
				""".formatted(actor.name().toLowerCase(), role, team));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		this.secrets.put(actor, JsonPath.read(response.body(), "$.secret"));
		this.keyIds.put(actor, JsonPath.read(response.body(), "$.id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void matrix(String name, Actor actor, String method, String path, String body, int expected, Check check)
			throws Exception {
		String resolvedPath = path;
		for (Actor a : Actor.values()) {
			resolvedPath = resolvedPath.replace("{" + a.name() + "}", String.valueOf(this.keyIds.get(a)));
		}
		Ledger ledger = new Ledger(this.jdbc);
		long ledgerRows = ledger.allRows();
		long auditRows = auditRows();
		String reservations = reservations();
		HttpResponse<String> response = new Http(this.port, this.secrets.get(actor)).send(method, resolvedPath, body);
		assertThat(response.statusCode()).as("%s %s as %s: %s", method, resolvedPath, actor, response.body())
			.isEqualTo(expected);
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (expected == 401 || expected == 403) {
			assertThat(contentType).startsWith("application/problem+json");
			String type = JsonPath.read(response.body(), "$.type");
			assertThat(type).isEqualTo(
					"https://quota-broker.github.io/problems/" + ((expected == 401) ? "unauthorized" : "forbidden"));
			assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(expected);
			// A refused call changes nothing.
			assertThat(ledger.allRows()).isEqualTo(ledgerRows);
			assertThat(auditRows()).isEqualTo(auditRows);
			assertThat(reservations()).isEqualTo(reservations);
		}
		if (expected == 401) {
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		}
		// No secret other than a freshly minted key's ever leaves the service.
		for (Map.Entry<Actor, String> secret : this.secrets.entrySet()) {
			if (secret.getValue() != null) {
				assertThat(response.body()).as("secret of " + secret.getKey()).doesNotContain(secret.getValue());
			}
		}
		if (check != null) {
			check.accept(response.body());
		}
	}

	private long auditRows() {
		return this.jdbc.sql("select count(*) from audit_log").query(Long.class).single();
	}

	/**
	 * Every reservation with its status and consumption, to tell that nothing changed.
	 */
	private String reservations() {
		return this.jdbc
			.sql("select coalesce(string_agg(id || ':' || status || ':' || consumed, ',' order by id), '') "
					+ "from reservations")
			.query(String.class)
			.single();
	}

	/** An extra assertion on a row's answer body. */
	interface Check extends Consumer<String> {

	}

	static Check ids(String jsonPath, String... expected) {
		return (body) -> assertThat(JsonPath.<List<String>>read(body, jsonPath)).containsExactlyInAnyOrder(expected);
	}

	static Check listsNoSecret() {
		return (body) -> {
			assertThat(JsonPath.<List<Object>>read(body, "$[*]")).isNotEmpty();
			assertThat(body).doesNotContain("\"secret\"").doesNotContain("qb_");
		};
	}

	static Check hasSecret() {
		return (body) -> assertThat(JsonPath.<String>read(body, "$.secret")).startsWith("qb_");
	}

	private static final class Rows {

		final List<Arguments> list = new ArrayList<>();

		Rows row(Actor actor, String method, String path, String body, int expected) {
			return row(actor, method, path, body, expected, null);
		}

		Rows row(Actor actor, String method, String path, String body, int expected, Check check) {
			String name = String.format("%-20s %-6s %-40s -> %d", actor, method, path, expected);
			this.list.add(Arguments.of(name, actor, method, path, body, expected, check));
			return this;
		}

	}

	static Stream<Arguments> rows() {
		Rows r = new Rows();
		// Pools: only admins change them; leads read the pools their team is allocated.
		r.row(Actor.ADMIN, "PUT", "/pools/new", NEW_POOL, 201)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/new", NEW_POOL, 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/pools/new", NEW_POOL, 403)
			.row(Actor.ADMIN, "PUT", "/pools/shared", SHARED_POOL, 200)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/shared", SHARED_POOL, 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/alpha-only", SHARED_POOL, 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/pools/shared", SHARED_POOL, 403)
			.row(Actor.ADMIN, "GET", "/pools", null, 200, ids("$[*].id", "shared", "alpha-only", "beta-only", "spare"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools", null, 200, ids("$[*].id", "shared", "alpha-only"))
			.row(Actor.LEAD_BETA, "GET", "/pools", null, 200, ids("$[*].id", "shared", "beta-only"))
			.row(Actor.AGENT_ALPHA, "GET", "/pools", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/spare", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/alpha-only", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/beta-only", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/spare", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/alpha-only", null, 403)
			.row(Actor.ADMIN, "DELETE", "/pools/spare", null, 204)
			.row(Actor.LEAD_ALPHA, "DELETE", "/pools/alpha-only", null, 403)
			.row(Actor.LEAD_ALPHA, "DELETE", "/pools/spare", null, 403)
			.row(Actor.AGENT_ALPHA, "DELETE", "/pools/alpha-only", null, 403);
		// Allocations: only admins change them; a lead sees its own team's allocation.
		r.row(Actor.ADMIN, "PUT", "/pools/spare/allocations/alpha", "{\"weight\":2}", 201)
			.row(Actor.ADMIN, "PUT", "/pools/shared/allocations/alpha", "{\"weight\":2}", 200)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/shared/allocations/alpha", "{\"weight\":2}", 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/spare/allocations/alpha", "{\"weight\":2}", 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/shared/allocations/beta", "{\"weight\":2}", 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/pools/shared/allocations/alpha", "{\"weight\":2}", 403)
			.row(Actor.ADMIN, "DELETE", "/pools/shared/allocations/beta", null, 204)
			.row(Actor.LEAD_ALPHA, "DELETE", "/pools/shared/allocations/alpha", null, 403)
			.row(Actor.LEAD_ALPHA, "DELETE", "/pools/shared/allocations/beta", null, 403)
			.row(Actor.AGENT_ALPHA, "DELETE", "/pools/shared/allocations/alpha", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/shared/allocations", null, 200, ids("$[*].teamId", "alpha", "beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/allocations", null, 200, ids("$[*].teamId", "alpha"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/alpha-only/allocations", null, 200, ids("$[*].teamId", "alpha"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/beta-only/allocations", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/shared/allocations", null, 403);
		// Usage history: a lead sees only its own team's series, of its team's pools.
		r.row(Actor.ADMIN, "GET", "/pools/shared/usage", null, 200, ids("$.series[*].key", "alpha", "beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/usage", null, 200, ids("$.series[*].key", "alpha"))
			.row(Actor.LEAD_BETA, "GET", "/pools/shared/usage", null, 200, ids("$.series[*].key", "beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/usage?groupBy=model", null, 200,
					(body) -> assertThat(JsonPath.<Number>read(body, "$.series[0].total").intValue()).isEqualTo(2))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/beta-only/usage", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/shared/usage", null, 403);
		// Teams: a lead edits its own team but not its weight; nothing of other teams.
		r.row(Actor.ADMIN, "PUT", "/teams/gamma", TEAM_RENAMED, 201)
			.row(Actor.ADMIN, "PUT", "/teams/alpha", TEAM_REWEIGHTED, 200)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/alpha", TEAM_RENAMED, 200)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/alpha", TEAM_REWEIGHTED, 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/beta", TEAM_RENAMED, 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/gamma", TEAM_RENAMED, 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/teams/alpha", TEAM_RENAMED, 403)
			.row(Actor.ADMIN, "GET", "/teams", null, 200, ids("$[*].id", "alpha", "beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/teams", null, 200, ids("$[*].id", "alpha"))
			.row(Actor.AGENT_BETA, "GET", "/teams", null, 200, ids("$[*].id", "beta"))
			.row(Actor.ADMIN, "GET", "/teams/beta", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/beta", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/beta", null, 403)
			.row(Actor.ADMIN, "GET", "/teams/beta/availability", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/availability", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/beta/availability", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/availability", null, 200,
					ids("$.pools[*].poolId", "shared", "alpha-only"))
			.row(Actor.AGENT_ALPHA, "GET", "/teams/beta/availability", null, 403);
		// Usage events: a key records for its own team only; a refused batch writes
		// nothing (checked for every 403 row).
		String alphaEvent = Api.event("e-alpha", "alpha", "claude-x", "2026-11-25T11:59:00Z", 1);
		String betaEvent = Api.event("e-beta", "beta", "claude-x", "2026-11-25T11:59:00Z", 1);
		String mixed = "[" + alphaEvent + "," + betaEvent + "]";
		r.row(Actor.ADMIN, "POST", "/usage-events", betaEvent, 200)
			.row(Actor.ADMIN, "POST", "/usage-events", mixed, 200)
			.row(Actor.AGENT_ALPHA, "POST", "/usage-events", alphaEvent, 200)
			.row(Actor.AGENT_BETA, "POST", "/usage-events", betaEvent, 200)
			.row(Actor.AGENT_BETA, "POST", "/usage-events", alphaEvent, 403)
			.row(Actor.AGENT_ALPHA, "POST", "/usage-events", mixed, 403)
			.row(Actor.LEAD_ALPHA, "POST", "/usage-events", alphaEvent, 200)
			.row(Actor.LEAD_ALPHA, "POST", "/usage-events", betaEvent, 403);
		// Transcript imports (#16): a key imports for its own team only (the teamId
		// parameter); a refused import reads and writes nothing.
		String line = """
				{"type":"assistant","requestId":"req_%s","timestamp":"2026-11-25T11:59:00.000Z",\
				"message":{"id":"msg_%s","model":"claude-x","usage":{"input_tokens":1,"output_tokens":2}}}
				""";
		r.row(Actor.ADMIN, "POST", "/imports/claude-code?teamId=beta", line.formatted("a", "a"), 200)
			.row(Actor.AGENT_ALPHA, "POST", "/imports/claude-code?teamId=alpha", line.formatted("b", "b"), 200)
			.row(Actor.LEAD_ALPHA, "POST", "/imports/claude-code?teamId=alpha", line.formatted("c", "c"), 200)
			.row(Actor.AGENT_BETA, "POST", "/imports/claude-code?teamId=alpha", line.formatted("d", "d"), 403)
			.row(Actor.LEAD_ALPHA, "POST", "/imports/claude-code?teamId=beta", line.formatted("e", "e"), 403);
		// Keys: admins mint any; a lead mints AGENT keys of its own team only.
		r.row(Actor.ADMIN, "POST", "/api-keys", "{\"name\":\"ops\",\"role\":\"ADMIN\"}", 201, hasSecret())
			.row(Actor.ADMIN, "POST", "/api-keys", "{\"name\":\"l\",\"role\":\"TEAM_LEAD\",\"teamId\":\"beta\"}", 201,
					hasSecret())
			.row(Actor.LEAD_ALPHA, "POST", "/api-keys", "{\"name\":\"a\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}", 201,
					hasSecret())
			.row(Actor.LEAD_ALPHA, "POST", "/api-keys", "{\"name\":\"a\",\"role\":\"AGENT\",\"teamId\":\"beta\"}", 403)
			.row(Actor.LEAD_ALPHA, "POST", "/api-keys", "{\"name\":\"l\",\"role\":\"TEAM_LEAD\",\"teamId\":\"alpha\"}",
					403)
			.row(Actor.LEAD_ALPHA, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"ADMIN\"}", 403)
			.row(Actor.AGENT_ALPHA, "POST", "/api-keys", "{\"name\":\"a\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}",
					403)
			.row(Actor.ADMIN, "GET", "/api-keys", null, 200,
					listsNoSecret().andThen(ids("$[*].name", "lead_alpha", "lead_beta", "agent_alpha", "agent_beta",
							"revoked_agent_alpha"))::accept)
			.row(Actor.LEAD_ALPHA, "GET", "/api-keys", null, 200,
					listsNoSecret().andThen(ids("$[*].teamId", "alpha", "alpha", "alpha"))::accept)
			.row(Actor.AGENT_ALPHA, "GET", "/api-keys", null, 403)
			.row(Actor.ADMIN, "DELETE", "/api-keys/{LEAD_ALPHA}", null, 204)
			.row(Actor.LEAD_ALPHA, "DELETE", "/api-keys/{AGENT_ALPHA}", null, 204)
			.row(Actor.LEAD_ALPHA, "DELETE", "/api-keys/{AGENT_BETA}", null, 403)
			.row(Actor.LEAD_ALPHA, "DELETE", "/api-keys/{LEAD_BETA}", null, 403)
			.row(Actor.LEAD_ALPHA, "DELETE", "/api-keys/{LEAD_ALPHA}", null, 403)
			.row(Actor.AGENT_ALPHA, "DELETE", "/api-keys/{AGENT_ALPHA}", null, 403);
		// Who am I (for the team page): any valid key, about itself only.
		r.row(Actor.ADMIN, "GET", "/api-keys/current", null, 200,
				(body) -> assertThat(JsonPath.<String>read(body, "$.role")).isEqualTo("ADMIN"))
			.row(Actor.LEAD_ALPHA, "GET", "/api-keys/current", null, 200,
					(body) -> assertThat(
							List.of(JsonPath.<String>read(body, "$.role"), JsonPath.<String>read(body, "$.teamId")))
						.containsExactly("TEAM_LEAD", "alpha"))
			.row(Actor.AGENT_BETA, "GET", "/api-keys/current", null, 200,
					(body) -> assertThat(
							List.of(JsonPath.<String>read(body, "$.role"), JsonPath.<String>read(body, "$.teamId")))
						.containsExactly("AGENT", "beta"));
		// The team page and its assets need no key (the page asks for one); nothing else
		// under them is an API.
		r.row(Actor.NONE, "GET", "/", null, 200, (body) -> assertThat(body).contains("API key"))
			.row(Actor.NONE, "GET", "/index.html", null, 200, (body) -> assertThat(body).contains("API key"))
			.row(Actor.NONE, "GET", "/assets/team.js", null, 200, (body) -> assertThat(body).contains("sessionStorage"))
			.row(Actor.NONE, "GET", "/assets/team.css", null, 200)
			.row(Actor.UNKNOWN_KEY, "GET", "/", null, 200);
		// Audit: admins only.
		r.row(Actor.ADMIN, "GET", "/audit", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/audit", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/audit", null, 403);
		// Reservations: any key at the HTTP layer; the service checks the team named in
		// the body (create) or stored with the reservation (the others). A refused call
		// reserves, records and ends nothing (checked for every 403 row).
		r.row(Actor.ADMIN, "POST", "/reservations", BETA_RESERVES, 201)
			.row(Actor.LEAD_ALPHA, "POST", "/reservations", ALPHA_RESERVES, 201)
			.row(Actor.AGENT_ALPHA, "POST", "/reservations", ALPHA_RESERVES, 201,
					(body) -> assertThat(JsonPath.<String>read(body, "$.teamId")).isEqualTo("alpha"))
			.row(Actor.AGENT_ALPHA, "POST", "/reservations", BETA_RESERVES, 403)
			.row(Actor.LEAD_ALPHA, "POST", "/reservations", BETA_RESERVES, 403)
			.row(Actor.AGENT_BETA, "POST", "/reservations", HOLD_ALPHA, 403)
			.row(Actor.AGENT_ALPHA, "POST", "/reservations", HOLD_ALPHA, 200,
					(body) -> assertThat(JsonPath.<String>read(body, "$.id")).isEqualTo("hold-alpha"))
			.row(Actor.AGENT_ALPHA, "POST", "/reservations",
					"{\"teamId\":\"alpha\",\"poolId\":\"beta-only\",\"amount\":5}", 404)
			.row(Actor.ADMIN, "GET", "/reservations/hold-beta", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/reservations/hold-alpha", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/reservations/hold-alpha", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/reservations/hold-alpha", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/reservations/hold-alpha", null, 403)
			// Looked up before the team is checked: unknown ids are 404 for every key.
			.row(Actor.AGENT_BETA, "GET", "/reservations/no-such-reservation", null, 404)
			.row(Actor.ADMIN, "POST", "/reservations/hold-beta/commit", "{\"amount\":4}", 200)
			.row(Actor.LEAD_ALPHA, "POST", "/reservations/hold-alpha/commit", "{\"amount\":4}", 200)
			.row(Actor.AGENT_ALPHA, "POST", "/reservations/hold-alpha/commit", "{\"amount\":4}", 200,
					(body) -> assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("COMMITTED"))
			.row(Actor.LEAD_BETA, "POST", "/reservations/hold-alpha/commit", "{\"amount\":4}", 403)
			.row(Actor.AGENT_BETA, "POST", "/reservations/hold-alpha/commit", "{\"amount\":4}", 403)
			.row(Actor.AGENT_BETA, "POST", "/reservations/no-such-reservation/commit", "{\"amount\":4}", 404)
			.row(Actor.ADMIN, "POST", "/reservations/hold-beta/release", null, 200)
			.row(Actor.LEAD_ALPHA, "POST", "/reservations/hold-alpha/release", null, 200)
			.row(Actor.AGENT_ALPHA, "POST", "/reservations/hold-alpha/release", null, 200,
					(body) -> assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("RELEASED"))
			.row(Actor.LEAD_BETA, "POST", "/reservations/hold-alpha/release", null, 403)
			.row(Actor.AGENT_BETA, "POST", "/reservations/hold-alpha/release", null, 403)
			.row(Actor.AGENT_BETA, "POST", "/reservations/no-such-reservation/release", null, 404)
			.row(Actor.ADMIN, "DELETE", "/reservations/win-alpha", null, 200)
			.row(Actor.LEAD_ALPHA, "DELETE", "/reservations/win-alpha", null, 200)
			.row(Actor.AGENT_ALPHA, "DELETE", "/reservations/win-alpha", null, 200,
					(body) -> assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("CANCELLED"))
			.row(Actor.LEAD_BETA, "DELETE", "/reservations/win-alpha", null, 403)
			.row(Actor.AGENT_BETA, "DELETE", "/reservations/win-alpha", null, 403)
			.row(Actor.AGENT_BETA, "DELETE", "/reservations/no-such-reservation", null, 404);
		// A team's reservations: its own keys only.
		r.row(Actor.ADMIN, "GET", "/teams/beta/reservations", null, 200, ids("$[*].id", "hold-beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/reservations", null, 200,
					ids("$[*].id", "hold-alpha", "win-alpha"))
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/reservations", null, 200,
					ids("$[*].id", "hold-alpha", "win-alpha"))
			.row(Actor.LEAD_ALPHA, "GET", "/teams/beta/reservations", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/reservations", null, 403);
		// Capacity: keys of a team allocated the pool.
		r.row(Actor.ADMIN, "GET", "/pools/spare/capacity", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/capacity", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/shared/capacity", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/shared/capacity", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/alpha-only/capacity", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/alpha-only/capacity", null, 403)
			.row(Actor.LEAD_BETA, "GET", "/pools/alpha-only/capacity", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/spare/capacity", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/spare/capacity", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/spare/queue", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/queue", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/shared/queue", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/alpha-only/queue", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/alpha-only/queue", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/spare/queue", null, 403);
		// Admission: its own team's keys; a hold asked for by a refused key is never
		// taken.
		r.row(Actor.ADMIN, "POST", "/teams/beta/admission", ADMISSION, 200)
			.row(Actor.LEAD_ALPHA, "POST", "/teams/alpha/admission", ADMISSION, 200)
			.row(Actor.AGENT_ALPHA, "POST", "/teams/alpha/admission", ADMISSION_HOLD, 200,
					(body) -> assertThat(JsonPath.<List<String>>read(body, "$.reservations[*].teamId"))
						.containsExactly("alpha"))
			.row(Actor.LEAD_BETA, "POST", "/teams/alpha/admission", ADMISSION, 403)
			.row(Actor.AGENT_BETA, "POST", "/teams/alpha/admission", ADMISSION_HOLD, 403);
		// The slot finder (#14): its own team's keys; a booking asked for by a refused
		// key
		// is never made.
		r.row(Actor.ADMIN, "POST", "/teams/beta/slots", SLOTS, 200)
			.row(Actor.LEAD_ALPHA, "POST", "/teams/alpha/slots", SLOTS, 200)
			.row(Actor.AGENT_ALPHA, "POST", "/teams/alpha/slots", SLOTS_RESERVE, 200,
					(body) -> assertThat(JsonPath.<List<String>>read(body, "$.reservations[*].teamId"))
						.containsExactly("alpha"))
			.row(Actor.LEAD_BETA, "POST", "/teams/alpha/slots", SLOTS, 403)
			.row(Actor.AGENT_BETA, "POST", "/teams/alpha/slots", SLOTS_RESERVE, 403);
		// Schedules (#14): its own team's keys; a booking asked for by a refused key is
		// never made. A schedule no one made answers 404 to those who may ask, 403 to
		// others.
		r.row(Actor.ADMIN, "POST", "/teams/beta/schedules", SCHEDULE, 201)
			.row(Actor.LEAD_ALPHA, "POST", "/teams/alpha/schedules", SCHEDULE, 201)
			.row(Actor.AGENT_ALPHA, "POST", "/teams/alpha/schedules", SCHEDULE_RESERVE, 201,
					(body) -> assertThat(JsonPath.<List<String>>read(body, "$.reservations[*].teamId"))
						.containsExactly("alpha"))
			.row(Actor.LEAD_BETA, "POST", "/teams/alpha/schedules", SCHEDULE, 403)
			.row(Actor.AGENT_BETA, "POST", "/teams/alpha/schedules", SCHEDULE_RESERVE, 403)
			.row(Actor.ADMIN, "GET", "/teams/alpha/schedules/sch_none", null, 404)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/schedules/sch_none", null, 404)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/schedules/sch_none", null, 404)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/schedules/sch_none", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/schedules/sch_none", null, 403)
			.row(Actor.ADMIN, "DELETE", "/teams/alpha/schedules/sch_none", null, 404)
			.row(Actor.AGENT_ALPHA, "DELETE", "/teams/alpha/schedules/sch_none", null, 404)
			.row(Actor.LEAD_BETA, "DELETE", "/teams/alpha/schedules/sch_none", null, 403)
			.row(Actor.AGENT_BETA, "DELETE", "/teams/alpha/schedules/sch_none", null, 403);
		// The follow-the-sun plan (#14): keys of the pool's teams.
		r.row(Actor.ADMIN, "GET", "/pools/spare/coordination", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/coordination", null, 200,
					ids("$.slices[0].teams[*].teamId", "alpha", "beta"))
			.row(Actor.AGENT_BETA, "GET", "/pools/shared/coordination", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/alpha-only/coordination", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/spare/coordination", null, 403);
		// Task estimates (#12): its own team's keys read them.
		r.row(Actor.ADMIN, "GET", "/teams/beta/estimates?pool=shared&taskType=review", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/estimates?pool=shared&taskType=review", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/estimates?pool=shared&taskType=review", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/estimates?pool=shared&taskType=review", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/estimates?pool=shared&taskType=review", null, 403);
		// Forecasts (#12): the team's own keys; a pool's forecast for keys of its teams.
		r.row(Actor.ADMIN, "GET", "/teams/beta/forecast?horizon=PT6H", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/forecast?horizon=PT6H", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/forecast?horizon=PT6H", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/forecast?horizon=PT6H", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/forecast?horizon=PT6H", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/spare/forecast?horizon=PT6H", null, 200)
			.row(Actor.ADMIN, "GET", "/pools/shared/forecast?horizon=PT6H", null, 200,
					ids("$.teams[*].teamId", "alpha", "beta"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/forecast?horizon=PT6H", null, 200,
					ids("$.teams[*].teamId", "alpha"))
			.row(Actor.AGENT_BETA, "GET", "/pools/shared/forecast?horizon=PT6H", null, 200,
					ids("$.teams[*].teamId", "beta"))
			.row(Actor.AGENT_BETA, "GET", "/pools/alpha-only/forecast?horizon=PT6H", null, 403)
			.row(Actor.LEAD_BETA, "GET", "/pools/alpha-only/forecast?horizon=PT6H", null, 403);
		// Webhooks (#15): a team's by admins and the team's leads; a pool's by admins.
		Check noWebhookSecret = (body) -> assertThat(body).doesNotContain(WEBHOOK_SECRET);
		r.row(Actor.ADMIN, "PUT", "/teams/alpha/webhooks/new", WEBHOOK, 201, noWebhookSecret)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/alpha/webhooks/new", WEBHOOK, 201, noWebhookSecret)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/alpha/webhooks/ops", WEBHOOK, 200)
			.row(Actor.LEAD_BETA, "PUT", "/teams/alpha/webhooks/new", WEBHOOK, 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/teams/alpha/webhooks/new", WEBHOOK, 403)
			.row(Actor.ADMIN, "GET", "/teams/alpha/webhooks", null, 200, noWebhookSecret)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/webhooks", null, 200, ids("$[*].id", "ops"))
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/webhooks", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/webhooks", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/webhooks/ops", null, 200, noWebhookSecret)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/webhooks/ops", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/webhooks/ops", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/webhooks/ops/deliveries", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/webhooks/ops/deliveries", null, 403)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/webhooks/ops/deliveries", null, 403)
			.row(Actor.LEAD_ALPHA, "DELETE", "/teams/alpha/webhooks/ops", null, 204)
			.row(Actor.LEAD_BETA, "DELETE", "/teams/alpha/webhooks/ops", null, 403)
			.row(Actor.AGENT_ALPHA, "DELETE", "/teams/alpha/webhooks/ops", null, 403)
			.row(Actor.ADMIN, "PUT", "/pools/shared/webhooks/new", WEBHOOK, 201, noWebhookSecret)
			.row(Actor.LEAD_ALPHA, "PUT", "/pools/shared/webhooks/new", WEBHOOK, 403)
			.row(Actor.AGENT_ALPHA, "PUT", "/pools/shared/webhooks/new", WEBHOOK, 403)
			.row(Actor.ADMIN, "GET", "/pools/shared/webhooks", null, 200, ids("$[*].id", "ops"))
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/webhooks", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/shared/webhooks/ops", null, 200, noWebhookSecret)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/webhooks/ops", null, 403)
			.row(Actor.ADMIN, "GET", "/pools/shared/webhooks/ops/deliveries", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/shared/webhooks/ops/deliveries", null, 403)
			.row(Actor.ADMIN, "DELETE", "/pools/shared/webhooks/ops", null, 204)
			.row(Actor.LEAD_ALPHA, "DELETE", "/pools/shared/webhooks/ops", null, 403)
			.row(Actor.AGENT_BETA, "DELETE", "/pools/shared/webhooks/ops", null, 403);
		// Observations and calibration (#16): keys of a team allocated the pool; a team's
		// cap on concurrent holds is the admin's to change.
		r.row(Actor.ADMIN, "POST", "/pools/spare/observations", OBSERVATION, 201)
			.row(Actor.LEAD_ALPHA, "POST", "/pools/shared/observations", OBSERVATION, 201)
			.row(Actor.AGENT_BETA, "POST", "/pools/shared/observations", OBSERVATION, 201)
			.row(Actor.AGENT_ALPHA, "POST", "/pools/alpha-only/observations", OBSERVATION, 201)
			.row(Actor.AGENT_BETA, "POST", "/pools/alpha-only/observations", OBSERVATION, 403)
			.row(Actor.LEAD_ALPHA, "POST", "/pools/spare/observations", OBSERVATION, 403)
			.row(Actor.ADMIN, "GET", "/pools/spare/calibration", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/pools/shared/calibration", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/pools/shared/calibration", null, 200)
			.row(Actor.AGENT_BETA, "GET", "/pools/alpha-only/calibration", null, 403)
			.row(Actor.LEAD_ALPHA, "GET", "/pools/spare/calibration", null, 403)
			.row(Actor.LEAD_ALPHA, "PUT", "/teams/alpha", TEAM_CAPPED, 403)
			.row(Actor.ADMIN, "PUT", "/teams/alpha", TEAM_CAPPED, 200);
		// Workflows (#12): the team's own keys.
		r.row(Actor.ADMIN, "GET", "/teams/beta/workflows?pool=shared", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/workflows?pool=shared", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/workflows?pool=shared", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/workflows?pool=shared", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/workflows?pool=shared", null, 403);
		// Anomalies (#12): the team's own keys.
		r.row(Actor.ADMIN, "GET", "/teams/beta/anomalies", null, 200)
			.row(Actor.LEAD_ALPHA, "GET", "/teams/alpha/anomalies?pool=shared", null, 200)
			.row(Actor.AGENT_ALPHA, "GET", "/teams/alpha/anomalies", null, 200)
			.row(Actor.LEAD_BETA, "GET", "/teams/alpha/anomalies", null, 403)
			.row(Actor.AGENT_BETA, "GET", "/teams/alpha/anomalies", null, 403);
		// Sprint feasibility (#14): the team's own keys.
		r.row(Actor.ADMIN, "POST", "/teams/beta/plans/feasibility", FEASIBILITY, 200)
			.row(Actor.LEAD_ALPHA, "POST", "/teams/alpha/plans/feasibility", FEASIBILITY, 200)
			.row(Actor.AGENT_ALPHA, "POST", "/teams/alpha/plans/feasibility", FEASIBILITY, 200)
			.row(Actor.LEAD_BETA, "POST", "/teams/alpha/plans/feasibility", FEASIBILITY, 403)
			.row(Actor.AGENT_BETA, "POST", "/teams/alpha/plans/feasibility", FEASIBILITY, 403)
			.row(Actor.NONE, "POST", "/teams/alpha/plans/feasibility", FEASIBILITY, 401);
		// Without a valid key, every endpoint answers 401, whatever the team.
		String[][] endpoints = { { "PUT", "/pools/new", NEW_POOL }, { "GET", "/pools", null },
				{ "GET", "/pools/shared", null }, { "DELETE", "/pools/spare", null },
				{ "PUT", "/pools/shared/allocations/alpha", "{\"weight\":2}" },
				{ "DELETE", "/pools/shared/allocations/alpha", null }, { "GET", "/pools/shared/allocations", null },
				{ "GET", "/pools/shared/usage", null }, { "PUT", "/teams/alpha", TEAM_RENAMED },
				{ "GET", "/teams", null }, { "GET", "/teams/alpha", null },
				{ "GET", "/teams/alpha/availability", null }, { "POST", "/usage-events", alphaEvent },
				{ "POST", "/api-keys", "{\"name\":\"a\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}" },
				{ "GET", "/api-keys", null }, { "DELETE", "/api-keys/{AGENT_ALPHA}", null }, { "GET", "/audit", null },
				{ "POST", "/reservations", ALPHA_RESERVES }, { "GET", "/reservations/hold-alpha", null },
				{ "DELETE", "/reservations/win-alpha", null },
				{ "POST", "/reservations/hold-alpha/commit", "{\"amount\":4}" },
				{ "POST", "/reservations/hold-alpha/release", null }, { "GET", "/teams/alpha/reservations", null },
				{ "GET", "/pools/shared/capacity", null }, { "GET", "/pools/shared/queue", null },
				{ "POST", "/teams/alpha/admission", ADMISSION },
				{ "GET", "/teams/alpha/estimates?pool=shared&taskType=review", null },
				{ "GET", "/teams/alpha/forecast", null }, { "GET", "/pools/shared/forecast", null },
				{ "GET", "/teams/alpha/anomalies", null }, { "GET", "/teams/alpha/workflows?pool=shared", null },
				{ "POST", "/pools/shared/observations", OBSERVATION }, { "GET", "/pools/shared/calibration", null },
				{ "PUT", "/teams/alpha/webhooks/new", WEBHOOK }, { "GET", "/teams/alpha/webhooks/ops", null },
				{ "DELETE", "/pools/shared/webhooks/ops", null }, { "GET", "/api-keys/current", null },
				{ "GET", "/no-such-endpoint", null },
				// Public path patterns must not open the API behind them.
				{ "GET", "/assets/../teams/alpha", null }, { "GET", "/index.html/../teams", null },
				{ "GET", "/assets/%2e%2e/teams/alpha", null }, { "GET", "/assets;x=y/../teams/alpha", null },
				{ "GET", "/actuator/health/../metrics", null } };
		for (Actor actor : List.of(Actor.NONE, Actor.UNKNOWN_KEY, Actor.REVOKED_AGENT_ALPHA)) {
			for (String[] endpoint : endpoints) {
				r.row(actor, endpoint[0], endpoint[1], endpoint[2], 401);
			}
		}
		return r.list.stream();
	}

}
