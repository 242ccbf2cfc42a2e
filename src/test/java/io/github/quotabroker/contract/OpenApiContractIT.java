package io.github.quotabroker.contract;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.quotabroker.contract.Contract.Found;
import io.github.quotabroker.contract.Contract.Route;
import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.IntegrationTest;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import io.github.quotabroker.usage.UsageIngestService;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.Lifecycle;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the application to {@code openapi.yaml}: the same endpoints, the same parameters,
 * and for real requests on the happy and error paths of every endpoint, a status the
 * contract declares for the operation and a body that satisfies the declared schema.
 */
@IntegrationTest
class OpenApiContractIT {

	private static final Contract contract = Contract.load();

	/** Statuses each operation answered during this run, for the coverage check. */
	private static final Map<Route, Set<Integer>> seen = new TreeMap<>();

	/** Statuses the tests cannot provoke without breaking the application. */
	private static final Set<Integer> NOT_PROVOKED = Set.of(500);

	/**
	 * Cross-cutting statuses every operation declares but this test's shared application
	 * context cannot answer: its rate limit is set so high ({@code IntegrationTest}) that
	 * no test of the suite is ever limited. {@code 429} is answered by the API-key filter
	 * before any controller runs, the same way for every operation, and is proven, with
	 * its {@code Retry-After} header and problem body, by {@code security/RateLimitIT}
	 * against an application with a small limit. Here the coverage check accepts it
	 * unanswered; {@link #everyOperationDeclaresTheSecurityAnswers} checks that each
	 * operation does declare it with the shared {@code TooManyRequests} response.
	 */
	private static final Set<Integer> PROVEN_ELSEWHERE = Set.of(429);

	private static final AtomicInteger testsPassed = new AtomicInteger();

	/**
	 * Coverage is only judged when every test passed, so it never hides the real failure.
	 */
	@RegisterExtension
	static final TestWatcher countPassed = new TestWatcher() {

		@Override
		public void testSuccessful(ExtensionContext context) {
			testsPassed.incrementAndGet();
		}

	};

	private static final String SESSION_POOL = """
			{"name":"Claude Max session","unit":"MESSAGES","limit":900,
			 "window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}""";

	private static final String WEEKLY_POOL = """
			{"name":"Claude Max weekly","unit":"TOKENS","limit":200000000,
			 "window":{"type":"CALENDAR","period":"WEEKLY","resetDay":"MONDAY","resetTime":"09:00",
			           "timezone":"America/Los_Angeles"},
			 "models":["claude-*"],"tokenWeights":{"cacheRead":0.1},"thresholds":{"yellow":60,"orange":80,"red":95}}""";

	private static final String MONTHLY_POOL = """
			{"name":"API spend","unit":"COST_USD","limit":2500.5,
			 "window":{"type":"CALENDAR","period":"MONTHLY","resetDay":1,"timezone":"UTC"},"models":["claude-*"]}""";

	private static final String OBSERVATION = """
			{"source":"status-line","observedAt":"2026-11-25T11:55:00Z","memberId":"ana",
			 "rateLimits":{"five_hour":{"used_percentage":62.0,"resets_at":1795618800},
			               "seven_day":{"used_percentage":41.0,"resets_at":1795900000}}}""";

	/** A hold of platform's that the operations on one reservation can be sent to. */
	private static final String SAMPLE_RESERVATION = """
			{"id":"res-sample","teamId":"platform","poolId":"max-session","amount":1}""";

	private static final String PLATFORM = """
			{"name":"Platform","timezone":"Europe/Berlin","weight":2,
			 "members":[{"id":"ana","timezone":"Europe/Berlin","workingHours":"09:00-17:00"},
			            {"id":"ci-bot","timezone":"UTC"}]}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseCleaner cleaner;

	@Autowired
	UsageIngestService ingest;

	/** The listener of team events: without it, event streams are refused. */
	@Autowired
	@Qualifier("teamEventListener")
	Lifecycle eventListener;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void setUp() {
		this.cleaner.clean();
		this.clock.set(TestBeans.START);
	}

	// ---------------------------------------------------------------- the document

	@Test
	void theContractIsAValidOpenApiDocument() {
		assertThat(contract.parseMessages()).as("swagger-parser messages").isEmpty();
	}

	@Test
	void theApplicationServesExactlyTheOperationsOfTheContract() {
		assertThat(applicationRoutes().keySet()).isEqualTo(contract.routes());
	}

	@Test
	void pathQueryAndBodyParametersOfEveryHandlerAreTheContractsParameters() {
		Map<Route, Operation> operations = contract.operations();
		applicationRoutes().forEach((route, handler) -> {
			Found found = contract.find(route.method(), route.path().replaceAll("\\{[^}]+}", "x"));
			assertThat(found).as("contract operation for %s", route).isNotNull();
			Operation op = operations.get(route);
			List<Parameter> declared = contract.parameters(found.pathItem(), op);
			Set<String> declaredPath = names(declared, "path");
			Set<String> declaredQuery = names(declared, "query");
			Set<String> handlerPath = new TreeSet<>();
			Set<String> handlerQuery = new TreeSet<>();
			boolean handlerBody = false;
			boolean handlerBodyRequired = false;
			for (MethodParameter p : handler.getMethodParameters()) {
				p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
				PathVariable pathVariable = p.getParameterAnnotation(PathVariable.class);
				RequestParam requestParam = p.getParameterAnnotation(RequestParam.class);
				org.springframework.web.bind.annotation.RequestBody body = p
					.getParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class);
				if (pathVariable != null) {
					handlerPath.add(pathVariable.name().isEmpty() ? p.getParameterName() : pathVariable.name());
				}
				if (requestParam != null) {
					handlerQuery.add(requestParam.name().isEmpty() ? p.getParameterName() : requestParam.name());
				}
				if (body != null) {
					handlerBody = true;
					handlerBodyRequired = body.required();
				}
			}
			assertThat(handlerPath).as("path parameters of %s", route).isEqualTo(declaredPath);
			assertThat(handlerQuery).as("query parameters of %s", route).isEqualTo(declaredQuery);
			RequestBody requestBody = contract.requestBody(op.getRequestBody());
			assertThat(requestBody != null).as("%s has a request body", route).isEqualTo(handlerBody);
			if (requestBody != null) {
				assertThat(Boolean.TRUE.equals(requestBody.getRequired())).as("request body of %s is required", route)
					.isEqualTo(handlerBodyRequired);
			}
		});
	}

	@Test
	void everyExampleInTheContractSatisfiesItsSchema() {
		List<String> violations = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<Route, Operation> entry : contract.operations().entrySet()) {
			Operation op = entry.getValue();
			RequestBody body = contract.requestBody(op.getRequestBody());
			if (body != null) {
				checked += checkExamples(entry.getKey() + " request", body.getContent(), violations);
			}
			for (Map.Entry<String, ApiResponse> response : op.getResponses().entrySet()) {
				checked += checkExamples(entry.getKey() + " " + response.getKey(),
						contract.response(response.getValue()).getContent(), violations);
			}
		}
		assertThat(checked).as("examples checked").isGreaterThanOrEqualTo(15);
		assertThat(violations).isEmpty();
	}

	// ---------------------------------------------------------------- pools

	@Test
	void poolEndpointsAnswerAsTheContractSays() throws Exception {
		expect(200, "GET", "/pools", null);
		expect(201, "PUT", "/pools/max-session", SESSION_POOL);
		expect(201, "PUT", "/pools/max-weekly", WEEKLY_POOL);
		expect(201, "PUT", "/pools/api-spend", MONTHLY_POOL);
		expect(201, "PUT", "/pools/daily", """
				{"name":"Daily","unit":"MESSAGES","limit":50,
				 "window":{"type":"CALENDAR","period":"DAILY","resetTime":"02:30","timezone":"America/New_York"},
				 "models":["claude-haiku-*"]}""");
		expect(200, "PUT", "/pools/max-session", SESSION_POOL);
		expect(200, "GET", "/pools", null);
		expect(200, "GET", "/pools/max-weekly", null);
		expect(200, "GET", "/pools/api-spend", null);
		expect(404, "GET", "/pools/missing", null);
		expect(400, "PUT", "/pools/bad", "{}");
		expect(400, "PUT", "/pools/bad", "{\"name\":");
		expect(400, "PUT", "/pools/bad", "{\"name\":\"x\",\"limt\":1}");
		expect(400, "PUT", "/pools/-bad-id", SESSION_POOL);
		expect(400, "PUT", "/pools/bad",
				"""
						{"name":"Weekly","unit":"TOKENS","limit":1,
						 "window":{"type":"CALENDAR","period":"WEEKLY","resetDay":9,"timezone":"EST"},"models":["claude-*"]}""");
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		expect(409, "PUT", "/pools/max-session", SESSION_POOL.replace("MESSAGES", "TOKENS"));
		expect(409, "DELETE", "/pools/max-session", null);
		expect(204, "DELETE", "/pools/daily", null);
		expect(404, "DELETE", "/pools/daily", null);
	}

	// ---------------------------------------------------------------- teams and
	// allocations

	@Test
	void teamAndAllocationEndpointsAnswerAsTheContractSays() throws Exception {
		expect(200, "GET", "/teams", null);
		expect(201, "PUT", "/teams/platform", PLATFORM);
		expect(200, "PUT", "/teams/platform", PLATFORM);
		expect(201, "PUT", "/teams/research", "{\"name\":\"Research\",\"timezone\":\"America/New_York\"}");
		expect(200, "GET", "/teams", null);
		expect(200, "GET", "/teams/platform", null);
		expect(404, "GET", "/teams/missing", null);
		expect(400, "PUT", "/teams/bad", """
				{"name":"","timezone":"+02:00","weight":-1,
				 "members":[{"id":"a","timezone":"UTC","workingHours":"9-5"},{"id":"a","timezone":"UTC"}]}""");
		expect(400, "PUT", "/teams/bad", "[]");

		expect(201, "PUT", "/pools/max-session", SESSION_POOL);
		expect(200, "GET", "/pools/max-session/allocations", null);
		expect(201, "PUT", "/pools/max-session/allocations/platform", "{\"weight\":2}");
		expect(200, "PUT", "/pools/max-session/allocations/platform", "{\"weight\":1.5}");
		expect(201, "PUT", "/pools/max-session/allocations/research", null);
		expect(200, "GET", "/pools/max-session/allocations", null);
		expect(404, "GET", "/pools/missing/allocations", null);
		expect(400, "PUT", "/pools/max-session/allocations/platform", "{\"weight\":0}");
		expect(404, "PUT", "/pools/missing/allocations/platform", null);
		expect(404, "PUT", "/pools/max-session/allocations/missing", null);
		expect(204, "DELETE", "/pools/max-session/allocations/research", null);
		expect(404, "DELETE", "/pools/max-session/allocations/research", null);
	}

	// ---------------------------------------------------------------- usage events

	@Test
	void usageIngestAnswersAsTheContractSays() throws Exception {
		fixture();
		JsonNode one = expect(200, "POST", "/usage-events", event("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z"));
		assertThat(one.get("events").get(0).get("status").stringValue()).isEqualTo("RECORDED");
		JsonNode again = expect(200, "POST", "/usage-events", event("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z"));
		assertThat(again.get("events").get(0).get("status").stringValue()).isEqualTo("DUPLICATE");
		expect(200, "POST", "/usage-events", "[" + event("e2", "claude-opus-4-1", "2026-11-25T11:31:00Z") + ","
				+ event("e3", "gpt-5", "2026-11-25T11:32:00Z") + "]");
		expect(409, "POST", "/usage-events", event("e1", "claude-sonnet-4-5", "2026-11-25T11:35:00Z"));
		expect(409, "POST", "/usage-events", "[" + event("e4", "claude-opus-4-1", "2026-11-25T11:31:00Z") + ","
				+ event("e4", "claude-opus-4-1", "2026-11-25T11:32:00Z") + "]");
		expect(404, "POST", "/usage-events",
				event("e5", "claude-opus-4-1", "2026-11-25T11:31:00Z").replace("\"platform\"", "\"nobody\""));
		expect(400, "POST", "/usage-events", "[]");
		expect(400, "POST", "/usage-events", "42");
		expect(400, "POST", "/usage-events", "{\"eventId\":");
		expect(400, "POST", "/usage-events",
				"[" + event("e6", "claude-opus-4-1", "2026-11-26T11:31:00Z") + ",{\"eventId\":\"e7\",\"tokens\":1}]");
		expect(400, "POST", "/usage-events", "{\"eventId\":\"e8\",\"teamId\":\"platform\",\"model\":\"m\","
				+ "\"occurredAt\":\"yesterday\",\"inputTokens\":-1,\"kind\":\"BATCH\"}");
		this.ingest.stop();
		try {
			JsonNode unavailable = expect(503, "POST", "/usage-events",
					event("e9", "claude-opus-4-1", "2026-11-25T11:31:00Z"));
			assertThat(unavailable.get("retryable").booleanValue()).isTrue();
		}
		finally {
			this.ingest.start();
		}
	}

	private static final String TRANSCRIPT_LINE = """
			{"type":"assistant","sessionId":"s-1","requestId":"req_1","timestamp":"2026-11-25T11:40:00.000Z",\
			"message":{"id":"msg_1","model":"claude-sonnet-4-5","usage":{"input_tokens":3,"output_tokens":40}}}
			""";

	@Test
	void usageInOtherFormatsAnswersAsTheContractSays() throws Exception {
		fixture();
		expect(200, "POST", "/usage-events",
				"""
						{"format":"openai","eventId":"oa-1","teamId":"platform","model":"gpt-5","occurredAt":"2026-11-25T11:30:00Z",
						 "usage":{"prompt_tokens":1000,"completion_tokens":50,"prompt_tokens_details":{"cached_tokens":400}}}""");
		expect(400, "POST", "/usage-events",
				"""
						{"format":"anthropic","eventId":"an-1","teamId":"platform","model":"claude-x","occurredAt":"2026-11-25T11:30:00Z",
						 "usage":{"input_tokens":-1}}""");
		String cloudEvent = """
				{"specversion":"1.0","id":"ce-1","source":"/agents/ci","type":"com.example.usage","time":"2026-11-25T11:31:00Z",
				 "subject":"platform","data":{"model":"claude-haiku-4-5","inputTokens":800,"outputTokens":120}}""";
		JsonNode one = exchange(request("POST", "/usage-events", cloudEvent, "application/cloudevents+json"), "POST",
				"/usage-events", null, 200);
		assertThat(one.get("events").get(0).get("eventId").stringValue()).isEqualTo("ce-1");
		exchange(request("POST", "/usage-events", "[" + cloudEvent.replace("ce-1", "ce-2") + "]",
				"application/cloudevents-batch+json"), "POST", "/usage-events", null, 200);
		JsonNode bad = exchange(request("POST", "/usage-events", "[" + cloudEvent.replace("\"1.0\"", "\"0.3\"") + "]",
				"application/cloudevents-batch+json"), "POST", "/usage-events", null, 400);
		assertThat(bad.get("errors").get(0).get("field").stringValue()).isEqualTo("specversion");
	}

	@Test
	void claudeCodeImportAnswersAsTheContractSays() throws Exception {
		fixture();
		String uri = "/imports/claude-code?teamId=platform&memberId=ana&kind=INTERACTIVE";
		JsonNode answer = exchange(request("POST", uri, TRANSCRIPT_LINE + "not json\n", "application/x-ndjson"), "POST",
				uri, null, 200);
		assertThat(answer.get("imported").asLong()).isOne();
		assertThat(answer.get("skipped").get("malformed").asLong()).isOne();
		exchange(request("POST", "/imports/claude-code?memberId=ana", TRANSCRIPT_LINE, "application/x-ndjson"), "POST",
				"/imports/claude-code?memberId=ana", null, 400);
		exchange(request("POST", "/imports/claude-code?teamId=nobody", TRANSCRIPT_LINE, "application/x-ndjson"), "POST",
				"/imports/claude-code?teamId=nobody", null, 404);
		this.ingest.stop();
		try {
			JsonNode unavailable = exchange(
					request("POST", uri, TRANSCRIPT_LINE.replace("msg_1", "msg_2"), "application/x-ndjson"), "POST",
					uri, null, 503);
			assertThat(unavailable.get("retryable").booleanValue()).isTrue();
		}
		finally {
			this.ingest.start();
		}
	}

	// ---------------------------------------------------------------- availability

	@Test
	void availabilityAnswersAsTheContractSays() throws Exception {
		fixture();
		expect(200, "GET", "/teams/platform/availability", null);
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:20Z");
		recordUsage("e2", "claude-opus-4-1", "2026-11-25T11:59:00Z");
		expect(201, "POST", "/reservations", SAMPLE_RESERVATION);
		JsonNode now = expect(200, "GET", "/teams/platform/availability", null);
		assertThat(now.get("pools").size()).isEqualTo(3);
		assertThat(now.findValues("reserved")).hasSize(3);
		JsonNode past = expect(200, "GET", "/teams/platform/availability?at=2026-11-25T11:59:30Z", null);
		assertThat(past.findValues("reserved")).isEmpty();
		expect(200, "GET", "/teams/platform/availability?pool=max-weekly", null);
		expect(200, "GET", "/teams/platform/availability?at=2026-11-25T11:45:00Z", null);
		expect(200, "GET", "/teams/platform/availability?pool=max-session&at=2026-11-25T11:59:30.5Z", null);
		expect(400, "GET", "/teams/platform/availability?at=2026-11-25T13:00:00Z", null);
		expect(400, "GET", "/teams/platform/availability?at=noon", null);
		expect(400, "GET", "/teams/-x/availability", null);
		expect(404, "GET", "/teams/missing/availability", null);
		expect(404, "GET", "/teams/research/availability?pool=max-session", null);
	}

	// ---------------------------------------------------------------- team events

	@Test
	void teamEventsAnswerAsTheContractSays() throws Exception {
		fixture();
		expect(200, "GET", "/teams/platform/events", null);
		expect(400, "GET", "/teams/-x/events", null);
		expect(404, "GET", "/teams/missing/events", null);
		this.eventListener.stop();
		try {
			JsonNode unavailable = expect(503, "GET", "/teams/platform/events", null);
			assertThat(unavailable.get("retryable").booleanValue()).isTrue();
		}
		finally {
			this.eventListener.start();
		}
		expect(200, "GET", "/teams/platform/events", null);
	}

	// ---------------------------------------------------------------- usage history

	@Test
	void usageHistoryAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T10:30:00Z");
		recordUsage("e2", "claude-opus-4-1", "2026-11-25T11:59:00Z");
		expect(200, "GET", "/pools/max-session/usage", null);
		expect(200, "GET", "/pools/max-session/usage?from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z&step=PT1H",
				null);
		expect(200, "GET", "/pools/max-weekly/usage?from=2026-11-25T10:00:00Z&groupBy=member&step=PT30M", null);
		expect(200, "GET", "/pools/api-spend/usage?groupBy=model&step=PT15M", null);
		expect(400, "GET", "/pools/max-session/usage?groupBy=colour&step=PT1S", null);
		expect(400, "GET", "/pools/max-session/usage?step=soon", null);
		expect(400, "GET", "/pools/max-session/usage?from=2026-11-25T12:00:00Z&to=2026-11-25T10:00:00Z", null);
		expect(400, "GET", "/pools/-x/usage", null);
		expect(404, "GET", "/pools/missing/usage", null);
	}

	// ---------------------------------------------------------------- reservations

	@Test
	void reservationEndpointsAnswerAsTheContractSays() throws Exception {
		fixture();
		JsonNode hold = expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":300,"priority":"HIGH","memberId":"ana",
				 "description":"refactor","ttl":"PT1H"}""");
		String holdId = hold.get("id").stringValue();
		assertThat(hold.get("status").stringValue()).isEqualTo("HELD");
		String named = """
				{"id":"nightly-1","teamId":"platform","poolId":"max-session","amount":100}""";
		expect(201, "POST", "/reservations", named);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(expect(200, "POST", "/reservations", named).get("id").stringValue()).isEqualTo("nightly-1");
		JsonNode reused = expect(409, "POST", "/reservations", named.replace("100", "101"));
		assertThat(reused.get("type").stringValue()).endsWith("/conflict");
		JsonNode exceeded = expect(409, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":600}""");
		assertThat(exceeded.get("type").stringValue()).endsWith("/quota-exceeded");
		assertThat(exceeded.get("available").intValue()).isEqualTo(500);
		assertThat(exceeded.get("fitsFrom").stringValue()).isEqualTo(exceeded.get("retryAt").stringValue());
		assertThat(exceeded.get("retryable").booleanValue()).isTrue();
		String tooBig = """
				{"id":"too-big","teamId":"platform","poolId":"max-session","amount":1000}""";
		JsonNode never = expect(409, "POST", "/reservations", tooBig);
		assertThat(never.get("reservationId").stringValue()).isEqualTo("too-big");
		assertThat(never.has("fitsFrom")).isFalse();
		assertThat(never.get("retryable").booleanValue()).isFalse();
		expect(409, "POST", "/reservations", tooBig);
		assertThat(expect(200, "GET", "/reservations/too-big", null).get("status").stringValue()).isEqualTo("REJECTED");
		JsonNode window = expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-weekly","amount":5000000,
				 "startsAt":"2026-11-26T09:00:00Z","endsAt":"2026-11-26T11:00:00Z"}""");
		String windowId = window.get("id").stringValue();
		assertThat(window.get("status").stringValue()).isEqualTo("SCHEDULED");
		String spendId = expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"api-spend","amount":12.5,"ttl":"PT10M"}""").get("id").stringValue();
		expect(400, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":-1,"ttl":"PT25H"}""");
		expect(400, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":1,"startsAt":"2026-11-25T13:00:00Z"}""");
		expect(400, "POST", "/reservations", "{\"poolId\":\"max-session\",\"amount\":1}");
		expect(400, "POST", "/reservations",
				"{\"teamId\":\"platform\",\"poolId\":\"max-session\",\"amount\":1,\"colour\":1}");
		expect(404, "POST", "/reservations", "{\"teamId\":\"missing\",\"poolId\":\"max-session\",\"amount\":1}");
		expect(404, "POST", "/reservations", "{\"teamId\":\"research\",\"poolId\":\"max-session\",\"amount\":1}");

		expect(200, "GET", "/reservations/" + holdId, null);
		expect(404, "GET", "/reservations/missing", null);
		expect(400, "GET", "/reservations/-x", null);

		// Usage carrying the reservation's id draws it down.
		expect(200, "POST", "/usage-events", event("r1", "claude-sonnet-4-5", "2026-11-25T12:00:30Z")
			.replace("\"messages\":2", "\"messages\":2,\"reservationId\":\"" + holdId + "\""));
		JsonNode drawn = expect(200, "GET", "/reservations/" + holdId, null);
		assertThat(drawn.get("consumed").intValue()).isEqualTo(2);
		assertThat(drawn.get("held").intValue()).isEqualTo(298);

		JsonNode committed = expect(200, "POST", "/reservations/" + holdId + "/commit", "{\"amount\":350}");
		assertThat(committed.get("status").stringValue()).isEqualTo("COMMITTED");
		assertThat(committed.get("overrun").intValue()).isEqualTo(50);
		expect(200, "POST", "/reservations/" + holdId + "/commit", "{\"amount\":350}");
		expect(409, "POST", "/reservations/" + holdId + "/commit", "{\"amount\":351}");
		expect(409, "POST", "/reservations/" + windowId + "/commit", "{\"amount\":1}");
		expect(400, "POST", "/reservations/nightly-1/commit", "{\"amount\":-1}");
		expect(400, "POST", "/reservations/nightly-1/commit", "{}");
		expect(400, "POST", "/reservations/-x/commit", "{\"amount\":1}");
		expect(404, "POST", "/reservations/missing/commit", "{\"amount\":1}");

		assertThat(expect(200, "POST", "/reservations/nightly-1/release", null).get("status").stringValue())
			.isEqualTo("RELEASED");
		expect(200, "POST", "/reservations/nightly-1/release", null);
		expect(409, "POST", "/reservations/" + holdId + "/release", null);
		expect(409, "POST", "/reservations/" + windowId + "/release", null);
		expect(400, "POST", "/reservations/-x/release", null);
		expect(404, "POST", "/reservations/missing/release", null);

		expect(409, "DELETE", "/reservations/" + spendId, null);
		assertThat(expect(200, "DELETE", "/reservations/" + windowId, null).get("status").stringValue())
			.isEqualTo("CANCELLED");
		expect(200, "DELETE", "/reservations/" + windowId, null);
		expect(400, "DELETE", "/reservations/-x", null);
		expect(404, "DELETE", "/reservations/missing", null);

		this.clock.advance(Duration.ofMinutes(10));
		assertThat(expect(200, "GET", "/reservations/" + spendId, null).get("status").stringValue())
			.isEqualTo("EXPIRED");
		expect(409, "POST", "/reservations/" + spendId + "/commit", "{\"amount\":1}");
	}

	@Test
	void teamReservationListAnswersAsTheContractSays() throws Exception {
		fixture();
		expect(200, "GET", "/teams/platform/reservations", null);
		expect(201, "POST", "/reservations", SAMPLE_RESERVATION);
		expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":5,
				 "startsAt":"2026-11-26T09:00:00Z","endsAt":"2026-11-26T11:00:00Z"}""");
		expect(200, "POST", "/reservations/res-sample/release", null);
		assertThat(expect(200, "GET", "/teams/platform/reservations", null).size()).isEqualTo(2);
		assertThat(expect(200, "GET", "/teams/platform/reservations?status=HELD&status=SCHEDULED", null).size())
			.isEqualTo(1);
		assertThat(expect(200, "GET", "/teams/platform/reservations?status=COMMITTED,RELEASED&from=2026-11-25T00:00:00Z"
				+ "&to=2026-11-26T00:00:00Z&limit=10", null)
			.size()).isEqualTo(1);
		// limit counts reservations of the statuses asked for, as of now: a hold that is
		// still active and starts earlier does not crowd out an expired one.
		expect(201, "POST", "/reservations", """
				{"id":"long-hold","teamId":"platform","poolId":"max-session","amount":1,"ttl":"PT2H"}""");
		this.clock.advance(Duration.ofMinutes(5));
		expect(201, "POST", "/reservations", """
				{"id":"short-hold","teamId":"platform","poolId":"max-session","amount":1,"ttl":"PT1M"}""");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(expect(200, "GET", "/teams/platform/reservations?status=EXPIRED&limit=1", null)
			.findValuesAsString("id")).containsExactly("short-hold");
		assertThat(
				expect(200, "GET", "/teams/platform/reservations?status=HELD&limit=1", null).findValuesAsString("id"))
			.containsExactly("long-hold");
		expect(200, "GET", "/teams/research/reservations", null);
		expect(400, "GET", "/teams/platform/reservations?status=NOPE", null);
		expect(400, "GET", "/teams/platform/reservations?limit=0", null);
		expect(400, "GET", "/teams/platform/reservations?limit=1001", null);
		expect(400, "GET", "/teams/platform/reservations?from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z", null);
		expect(400, "GET", "/teams/platform/reservations?from=yesterday", null);
		expect(400, "GET", "/teams/-x/reservations", null);
		expect(404, "GET", "/teams/missing/reservations", null);
	}

	@Test
	void aReservationThatCannotBeStoredIsAnsweredAsRetryable() throws Exception {
		fixture();
		// Fault injection: every insert into reservations fails, as when the database
		// fails mid-decision.
		this.jdbc.sql("alter table reservations drop constraint if exists contract_it_refuses_inserts").update();
		this.jdbc.sql("alter table reservations add constraint contract_it_refuses_inserts check (false) not valid")
			.update();
		try {
			JsonNode unavailable = expect(503, "POST", "/reservations", SAMPLE_RESERVATION);
			assertThat(unavailable.get("retryable").booleanValue()).isTrue();
		}
		finally {
			this.jdbc.sql("alter table reservations drop constraint contract_it_refuses_inserts").update();
		}
		expect(201, "POST", "/reservations", SAMPLE_RESERVATION);
	}

	@Test
	void capacityAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":300}""");
		expect(201, "POST", "/reservations", """
				{"teamId":"platform","poolId":"max-session","amount":200,
				 "startsAt":"2026-11-25T14:00:00Z","endsAt":"2026-11-25T15:00:00Z"}""");
		assertThat(expect(200, "GET", "/pools/max-session/capacity", null).get("steps").size()).isEqualTo(24);
		JsonNode half = expect(200, "GET",
				"/pools/max-session/capacity?from=2026-11-25T12:00:00Z&to=2026-11-25T15:00:00Z&step=PT30M", null);
		assertThat(half.get("steps").size()).isEqualTo(6);
		assertThat(half.get("steps").get(4).get("reserved").intValue()).isEqualTo(500);
		expect(200, "GET", "/pools/api-spend/capacity?step=P1D&to=2026-12-05T12:00:00Z", null);
		JsonNode uneven = expect(200, "GET", "/pools/max-weekly/capacity?step=PT7H", null);
		assertThat(uneven.get("steps").size()).isEqualTo(4);
		expect(400, "GET", "/pools/max-session/capacity?step=PT10S", null);
		expect(400, "GET", "/pools/max-session/capacity?step=soon", null);
		expect(400, "GET", "/pools/max-session/capacity?from=2026-11-24T00:00:00Z", null);
		expect(400, "GET", "/pools/max-session/capacity?from=2026-11-25T13:00:00Z&to=2026-11-25T12:30:00Z", null);
		expect(400, "GET", "/pools/max-session/capacity?step=PT1M&to=2026-11-27T00:00:00Z", null);
		expect(400, "GET", "/pools/-x/capacity", null);
		expect(404, "GET", "/pools/missing/capacity", null);
		// The queue: a hold that does not fit waits.
		JsonNode queued = expect(202, "POST", "/reservations",
				"""
						{"teamId":"platform","poolId":"max-session","amount":800,"queue":true,"deadline":"2026-11-25T20:00:00Z"}""");
		String queuedId = queued.get("id").stringValue();
		assertThat(queued.get("status").stringValue()).isEqualTo("QUEUED");
		assertThat(queued.get("position").intValue()).isEqualTo(1);
		JsonNode line = expect(200, "GET", "/pools/max-session/queue", null);
		assertThat(line.get("size").intValue()).isEqualTo(1);
		assertThat(line.get("requests").get(0).get("id").stringValue()).isEqualTo(queuedId);
		expect(200, "GET", "/pools/max-session/queue?limit=1", null);
		expect(400, "GET", "/pools/max-session/queue?limit=0", null);
		expect(400, "GET", "/pools/-x/queue", null);
		expect(404, "GET", "/pools/missing/queue", null);
		assertThat(expect(200, "GET", "/reservations/" + queuedId + "?waitFor=HELD&timeout=PT0S", null).get("status")
			.stringValue()).isEqualTo("QUEUED");
		expect(400, "GET", "/reservations/" + queuedId + "?waitFor=HELD&timeout=PT2M", null);
		assertThat(expect(200, "DELETE", "/reservations/" + queuedId, null).get("status").stringValue())
			.isEqualTo("CANCELLED");
	}

	// ---------------------------------------------------------------- admission

	@Test
	void admissionAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		String uri = "/teams/platform/admission";
		JsonNode admitted = expect(200, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":100,"kind":"INTERACTIVE"}""");
		assertThat(admitted.get("decision").stringValue()).isEqualTo("ADMIT");
		assertThat(admitted.get("reservations").size()).isZero();
		expect(200, "POST", uri, """
				{"poolId":"api-spend","estimatedAmount":12.5,"kind":"AUTOMATED","priority":"LOW"}""");
		JsonNode held = expect(200, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":500,"kind":"AUTOMATED","hold":true,"ttl":"PT1H",
				 "memberId":"ci-bot","description":"nightly"}""");
		assertThat(held.get("decision").stringValue()).isEqualTo("ADMIT");
		assertThat(held.get("reservations").get(0).get("status").stringValue()).isEqualTo("HELD");
		// 2 used + 500 held + 400 would pass the automation cap of 810.
		JsonNode deferred = expect(200, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":400,"kind":"AUTOMATED","hold":true}""");
		assertThat(deferred.get("decision").stringValue()).isEqualTo("DEFER");
		assertThat(deferred.has("retryAt")).isTrue();
		assertThat(deferred.get("reservations").size()).isZero();
		JsonNode denied = expect(200, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":1000,"kind":"INTERACTIVE"}""");
		assertThat(denied.get("decision").stringValue()).isEqualTo("DENY");
		JsonNode plan = expect(200, "POST", uri, """
				{"poolId":"max-session","kind":"INTERACTIVE","priority":"CRITICAL","planTasks":[100,100,300]}""");
		assertThat(plan.get("plan").get("fittingTasks").intValue()).isEqualTo(2);
		JsonNode noPool = expect(200, "POST", uri, """
				{"model":"gpt-4o","estimatedAmount":5,"kind":"AUTOMATED"}""");
		assertThat(noPool.get("pools").size()).isZero();
		// claude-* counts against pools of three units.
		expect(400, "POST", uri, """
				{"model":"claude-opus-4-1","estimatedAmount":5,"kind":"AUTOMATED"}""");
		expect(400, "POST", uri, "{\"estimatedAmount\":5,\"kind\":\"AUTOMATED\"}");
		expect(400, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":5,"kind":"AUTOMATED","ttl":"PT1H"}""");
		expect(400, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":5,"kind":"AUTOMATED","hold":true,"memberId":"nobody"}""");
		expect(400, "POST", uri, """
				{"poolId":"max-session","estimatedAmount":5,"kind":"BATCH"}""");
		expect(400, "POST", uri, "[]");
		expect(400, "POST", "/teams/-x/admission", """
				{"poolId":"max-session","estimatedAmount":5,"kind":"AUTOMATED"}""");
		expect(404, "POST", "/teams/research/admission", """
				{"poolId":"max-session","estimatedAmount":5,"kind":"AUTOMATED"}""");
		expect(404, "POST", "/teams/missing/admission", """
				{"poolId":"max-session","estimatedAmount":5,"kind":"AUTOMATED"}""");
	}

	// ---------------------------------------------------------------- slots (#14)

	@Test
	void slotsAnswerAsTheContractSays() throws Exception {
		fixture();
		recordUsage("s1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		String uri = "/teams/platform/slots";
		JsonNode found = expect(200, "POST", uri, """
				{"poolId":"max-session","amount":600,"duration":"PT2H","deadline":"2026-11-27T17:00:00Z",
				 "withinWorkingHoursOf":"ana"}""");
		assertThat(found.get("slots").get(0).get("start").stringValue()).isEqualTo("2026-11-25T12:01:00Z");
		JsonNode booked = expect(200, "POST", uri, """
				{"poolId":"max-session","amount":200,"duration":"PT1H","kind":"AUTOMATED","priority":"HIGH",
				 "maxResults":1,"reserve":true,"description":"nightly"}""");
		assertThat(booked.get("reservations").get(0).get("status").stringValue()).isEqualTo("SCHEDULED");
		JsonNode none = expect(200, "POST", uri, """
				{"poolId":"max-session","amount":2000,"duration":"PT1H"}""");
		assertThat(none.get("fits").booleanValue()).isFalse();
		expect(400, "POST", uri, """
				{"poolId":"max-session","amount":5,"duration":"PT1H","earliestStart":"2026-11-26T10:00:00Z",
				 "deadline":"2026-11-26T09:00:00Z"}""");
		expect(400, "POST", uri, """
				{"poolId":"max-session","amount":5,"duration":"PT1H","withinWorkingHoursOf":"nobody"}""");
		expect(400, "POST", uri, "[]");
		expect(400, "POST", "/teams/-x/slots", """
				{"poolId":"max-session","amount":5,"duration":"PT1H"}""");
		expect(404, "POST", "/teams/research/slots", """
				{"poolId":"max-session","amount":5,"duration":"PT1H"}""");
		expect(404, "POST", "/teams/missing/slots", """
				{"poolId":"max-session","amount":5,"duration":"PT1H"}""");
	}

	// ---------------------------------------------------------------- schedules (#14)

	@Test
	void schedulesAnswerAsTheContractSays() throws Exception {
		fixture();
		recordUsage("s1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		String uri = "/teams/platform/schedules";
		JsonNode all = expect(201, "POST", uri, """
				{"tasks":[
				  {"name":"build","estimatedAmount":300,"duration":"PT2H","pool":"max-session"},
				  {"name":"tests","estimatedAmount":150,"duration":"PT1H","pool":"max-session","dependsOn":["build"],
				   "deadline":"2026-11-26T17:00:00Z"},
				  {"name":"eval","estimatedAmount":400,"duration":"PT3H","pool":"max-weekly","kind":"AUTOMATED",
				   "priority":"LOW"}
				],"reserve":true,"description":"sprint 48"}""");
		assertThat(all.get("allFit").booleanValue()).isTrue();
		assertThat(all.get("reservations").get(0).get("status").stringValue()).isEqualTo("SCHEDULED");
		JsonNode some = expect(201, "POST", uri, """
				{"tasks":[
				  {"name":"huge","estimatedAmount":100000,"duration":"PT1H","pool":"max-session","value":5},
				  {"name":"small","estimatedAmount":1,"duration":"PT1H","pool":"max-session"}
				]}""");
		assertThat(some.get("bestValue").get("tasks").get(0).stringValue()).isEqualTo("small");
		String id = some.get("id").stringValue();
		expect(200, "GET", uri + "/" + id, null);
		expect(204, "DELETE", uri + "/" + all.get("id").stringValue(), null);
		expect(404, "GET", uri + "/" + all.get("id").stringValue(), null);
		expect(404, "DELETE", uri + "/sch_none", null);
		expect(400, "POST", uri,
				"""
						{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"max-session","dependsOn":["a"]}]}""");
		expect(400, "POST", uri, "[]");
		expect(400, "POST", "/teams/-x/schedules", """
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"max-session"}]}""");
		expect(404, "POST", "/teams/missing/schedules", """
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"max-session"}]}""");
	}

	@Test
	void coordinationAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("c1", "claude-sonnet-4-5", "2026-11-18T14:30:00Z");
		JsonNode today = expect(200, "GET", "/pools/max-session/coordination", null);
		assertThat(today.get("slices").size()).isEqualTo(12);
		expect(200, "GET", "/pools/max-weekly/coordination?date=2026-11-26&days=2", null);
		expect(400, "GET", "/pools/max-session/coordination?days=9", null);
		expect(400, "GET", "/pools/max-session/coordination?date=2026-11-01", null);
		expect(400, "GET", "/pools/-x/coordination", null);
		expect(404, "GET", "/pools/missing/coordination", null);
	}

	// ---------------------------------------------------------------- sprint feasibility
	// (#14)

	@Test
	void sprintFeasibilityAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("f1", "claude-sonnet-4-5", "2026-11-18T14:30:00Z");
		String uri = "/teams/platform/plans/feasibility";
		JsonNode fits = expect(200, "POST", uri, """
				{"days":3,"storyPoints":20,"costPerPoint":{"max-session":60}}""");
		assertThat(fits.get("feasible").booleanValue()).isTrue();
		JsonNode all = expect(200, "POST", uri, """
				{"days":1,"storyPoints":1}""");
		assertThat(all.get("pools").size()).isEqualTo(3);
		expect(200, "POST", uri, """
				{"from":"2026-11-26T08:00:00Z","to":"2026-11-28T08:00:00Z","uncertainty":1.5,
				 "tasks":[{"estimatedAmount":300,"poolId":"max-session"}]}""");
		expect(400, "POST", uri, """
				{"days":40,"storyPoints":1}""");
		expect(400, "POST", uri, "[]");
		expect(400, "POST", "/teams/-x/plans/feasibility", """
				{"days":1,"storyPoints":1}""");
		expect(404, "POST", "/teams/research/plans/feasibility", """
				{"days":1,"storyPoints":1,"costPerPoint":{"max-session":60}}""");
		expect(404, "POST", "/teams/missing/plans/feasibility", """
				{"days":1,"storyPoints":1}""");
	}

	// ---------------------------------------------------------------- estimates (#12)

	@Test
	void estimatesAnswerAsTheContractSays() throws Exception {
		fixture();
		expect(200, "POST", "/usage-events", """
				{"eventId":"t1","teamId":"platform","model":"claude-sonnet-4-5","occurredAt":"2026-11-25T11:30:00Z",
				 "messages":3,"workflowId":"session-1","taskType":"code-review"}""");
		JsonNode estimate = expect(200, "GET", "/teams/platform/estimates?pool=max-session&taskType=code-review", null);
		assertThat(estimate.get("runs").intValue()).isEqualTo(1);
		assertThat(expect(200, "GET", "/teams/platform/estimates?pool=max-session&taskType=none", null).has("p50"))
			.isFalse();
		JsonNode admission = expect(200, "POST", "/teams/platform/admission", """
				{"poolId":"max-session","taskType":"code-review","kind":"AUTOMATED"}""");
		assertThat(admission.get("estimatedAmount").intValue()).isEqualTo(3);
		assertThat(admission.get("estimateBasis").stringValue()).startsWith("P90 of 1 runs");
		expect(400, "POST", "/teams/platform/admission", """
				{"poolId":"max-session","taskType":"never-seen","kind":"AUTOMATED"}""");
		expect(400, "GET", "/teams/platform/estimates?pool=max-session", null);
		expect(404, "GET", "/teams/research/estimates?pool=max-session&taskType=code-review", null);
		expect(404, "GET", "/teams/missing/estimates?pool=max-session&taskType=code-review", null);
	}

	// ---------------------------------------------------------------- forecasts (#12)

	@Test
	void forecastsAnswerAsTheContractSays() throws Exception {
		fixture();
		recordUsage("f1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		JsonNode team = expect(200, "GET", "/teams/platform/forecast?horizon=P1D&step=PT6H", null);
		assertThat(team.get("pools").size()).isEqualTo(3);
		expect(200, "GET", "/teams/platform/forecast?pool=max-weekly", null);
		JsonNode pool = expect(200, "GET", "/pools/max-session/forecast?horizon=PT12H", null);
		assertThat(pool.get("teams").size()).isEqualTo(1);
		expect(400, "GET", "/teams/platform/forecast?horizon=P32D", null);
		expect(400, "GET", "/pools/max-session/forecast?horizon=P31D&step=PT1M", null);
		expect(404, "GET", "/teams/research/forecast?pool=max-session", null);
		expect(404, "GET", "/teams/missing/forecast", null);
		expect(404, "GET", "/pools/missing/forecast", null);
		expect(200, "POST", "/usage-events", """
				{"eventId":"wf1","teamId":"platform","model":"claude-sonnet-4-5","occurredAt":"2026-11-25T11:00:00Z",
				 "inputTokens":100,"outputTokens":20,"cacheReadTokens":300,"workflowId":"run-1","taskType":"build"}""");
		JsonNode workflows = expect(200, "GET", "/teams/platform/workflows?pool=max-session", null);
		assertThat(workflows.get("workflows").size()).isEqualTo(1);
		expect(200, "GET", "/teams/platform/workflows?pool=max-session&from=2026-11-01T00:00:00Z&limit=5", null);
		expect(400, "GET", "/teams/platform/workflows?pool=max-session&from=2026-11-26T00:00:00Z", null);
		expect(400, "GET", "/teams/platform/workflows", null);
		expect(404, "GET", "/teams/research/workflows?pool=max-session", null);
	}

	// ---------------------------------------------------------------- webhooks (#15)

	@Test
	void webhooksAnswerAsTheContractSays() throws Exception {
		fixture();
		String hook = """
				{"url":"https://hooks.example.com/quota","events":["THRESHOLD_CROSSED","RESERVATION_PREEMPTED"],
				 "thresholds":[50,80,95],"secret":"9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c"}""";
		for (String owner : List.of("/teams/platform", "/pools/max-session")) {
			String missing = owner.startsWith("/teams") ? "/teams/missing" : "/pools/missing";
			expect(201, "PUT", owner + "/webhooks/ops-alerts", hook);
			expect(200, "PUT", owner + "/webhooks/ops-alerts", hook.replace("[50,80,95]", "[95]"));
			expect(400, "PUT", owner + "/webhooks/other", "{\"url\":\"ftp://x\",\"events\":[]}");
			expect(404, "PUT", missing + "/webhooks/ops-alerts", hook);
			assertThat(expect(200, "GET", owner + "/webhooks", null).size()).isEqualTo(1);
			expect(404, "GET", missing + "/webhooks", null);
			assertThat(expect(200, "GET", owner + "/webhooks/ops-alerts", null).has("secret")).isFalse();
			expect(404, "GET", owner + "/webhooks/missing", null);
			recordUsage("w-" + owner.length(), "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
			expect(200, "GET", owner + "/webhooks/ops-alerts/deliveries?limit=10", null);
			expect(400, "GET", owner + "/webhooks/ops-alerts/deliveries?limit=0", null);
			expect(404, "GET", owner + "/webhooks/missing/deliveries", null);
			expect(204, "DELETE", owner + "/webhooks/ops-alerts", null);
			expect(404, "DELETE", owner + "/webhooks/ops-alerts", null);
		}
	}

	// ---------------------------------------------------------------- calibration (#16)

	@Test
	void calibrationAnswersAsTheContractSays() throws Exception {
		fixture();
		recordUsage("c1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		JsonNode recorded = expect(201, "POST", "/pools/max-session/observations", OBSERVATION);
		assertThat(recorded.get("recorded").intValue()).isEqualTo(1);
		expect(200, "POST", "/pools/api-spend/observations", OBSERVATION);
		expect(201, "POST", "/pools/max-weekly/observations",
				"""
						{"source":"http-headers","observedAt":"2026-11-25T11:56:00Z","headers":{
						 "anthropic-ratelimit-unified-7d-utilization":"0.41","anthropic-ratelimit-unified-7d-reset":"1795900000",
						 "x-codex-primary-used-percent":"oops"}}""");
		expect(201, "POST", "/pools/max-session/observations",
				"{\"source\":\"limit-hit\",\"observedAt\":\"2026-11-25T11:57:00Z\",\"resetsAt\":\"2026-11-25T15:00:00Z\"}");
		expect(400, "POST", "/pools/max-session/observations", "{\"source\":\"status-line\"}");
		expect(404, "POST", "/pools/missing/observations", OBSERVATION);
		JsonNode calibration = expect(200, "GET", "/pools/max-session/calibration", null);
		assertThat(calibration.get("evidence").get("observations").intValue()).isEqualTo(2);
		expect(200, "GET", "/pools/max-weekly/calibration", null);
		expect(404, "GET", "/pools/missing/calibration", null);
	}

	// ---------------------------------------------------------------- anomalies (#12)

	@Test
	void anomaliesAnswerAsTheContractSays() throws Exception {
		fixture();
		expect(200, "POST", "/usage-events", """
				{"eventId":"a1","teamId":"platform","model":"claude-sonnet-4-5","occurredAt":"2026-11-25T10:30:00Z",
				 "messages":3,"inputTokens":2500000,"cacheReadTokens":1000,"workflowId":"big-run"}""");
		JsonNode answer = expect(200, "GET", "/teams/platform/anomalies", null);
		assertThat(answer.get("anomalies").findValuesAsString("kind")).contains("WORKFLOW_SIZE", "CACHE_READ_SHARE");
		expect(200, "GET",
				"/teams/platform/anomalies?pool=max-session&from=2026-11-20T00:00:00Z&to=2026-11-25T12:00:00Z", null);
		expect(400, "GET", "/teams/platform/anomalies?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", null);
		expect(404, "GET", "/teams/research/anomalies?pool=max-session", null);
		expect(404, "GET", "/teams/missing/anomalies", null);
	}

	// ---------------------------------------------------------------- API keys and
	// audit

	@Test
	void apiKeyEndpointsAnswerAsTheContractSays() throws Exception {
		fixture();
		expect(200, "GET", "/api-keys", null);
		JsonNode lead = expect(201, "POST", "/api-keys",
				"{\"name\":\"platform lead\",\"role\":\"TEAM_LEAD\",\"teamId\":\"platform\"}");
		String leadSecret = lead.get("secret").stringValue();
		JsonNode agent = expectAs(leadSecret, 201, "POST", "/api-keys",
				"{\"name\":\"runner\",\"role\":\"AGENT\",\"teamId\":\"platform\",\"expiresAt\":\"2026-11-25T13:00:00Z\"}");
		String agentSecret = agent.get("secret").stringValue();
		JsonNode admin = expect(201, "POST", "/api-keys", "{\"name\":\"second admin\",\"role\":\"ADMIN\"}");
		JsonNode all = expect(200, "GET", "/api-keys", null);
		assertThat(all.size()).isEqualTo(3);
		assertThat(all.toString()).doesNotContain("secret");
		assertThat(expectAs(leadSecret, 200, "GET", "/api-keys", null).size()).isEqualTo(2);
		assertThat(expectAs(leadSecret, 200, "GET", "/api-keys/current", null).get("teamId").stringValue())
			.isEqualTo("platform");
		assertThat(expect(200, "GET", "/api-keys/current", null).get("role").stringValue()).isEqualTo("ADMIN");
		expect(400, "POST", "/api-keys", "{}");
		expect(400, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"ADMIN\",\"teamId\":\"platform\"}");
		expect(400, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"AGENT\",\"teamId\":\"nobody\"}");
		expect(400, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"AGENT\",\"teamId\":\"platform\","
				+ "\"expiresAt\":\"2026-11-25T11:00:00Z\"}");
		expect(400, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"OWNER\"}");
		expectAs(leadSecret, 403, "POST", "/api-keys",
				"{\"name\":\"x\",\"role\":\"TEAM_LEAD\",\"teamId\":\"platform\"}");
		expectAs(leadSecret, 403, "POST", "/api-keys", "{\"name\":\"x\",\"role\":\"AGENT\",\"teamId\":\"research\"}");
		expectAs(agentSecret, 403, "GET", "/api-keys", null);
		expectAs(leadSecret, 403, "DELETE", "/api-keys/" + lead.get("id").stringValue(), null);
		expectAs(leadSecret, 403, "DELETE", "/api-keys/" + admin.get("id").stringValue(), null);
		expect(400, "DELETE", "/api-keys/not-a-key", null);
		expect(404, "DELETE", "/api-keys/key_missing0", null);

		expectAs(agentSecret, 200, "GET", "/teams/platform/availability", null);
		this.clock.set(TestBeans.START.plus(java.time.Duration.ofHours(2)));
		expectAs(agentSecret, 401, "GET", "/teams/platform/availability", null);
		this.clock.set(TestBeans.START);
		expectAs(leadSecret, 204, "DELETE", "/api-keys/" + agent.get("id").stringValue(), null);
		expectAs(agentSecret, 401, "GET", "/teams/platform/availability", null);
		expect(204, "DELETE", "/api-keys/" + lead.get("id").stringValue(), null);
		expectAs(leadSecret, 401, "GET", "/api-keys", null);
		JsonNode listed = expect(200, "GET", "/api-keys", null);
		assertThat(listed.findValues("revokedAt")).hasSize(2);
	}

	@Test
	void auditLogAnswersAsTheContractSays() throws Exception {
		fixture();
		expect(200, "PUT", "/teams/platform", PLATFORM.replace("\"Platform\"", "\"Platform team\""));
		expect(204, "DELETE", "/pools/max-session/allocations/platform", null);
		JsonNode key = expect(201, "POST", "/api-keys",
				"{\"name\":\"runner\",\"role\":\"AGENT\",\"teamId\":\"platform\"}");
		expect(204, "DELETE", "/api-keys/" + key.get("id").stringValue(), null);
		JsonNode entries = expect(200, "GET", "/audit", null);
		assertThat(entries.size()).isGreaterThanOrEqualTo(11);
		assertThat(entries.get(0).get("action").stringValue()).isEqualTo("REVOKE");
		JsonNode keys = expect(200, "GET", "/audit?resourceType=api-key&limit=1", null);
		assertThat(keys.size()).isEqualTo(1);
		expect(200, "GET", "/audit?resourceType=api-key&before=" + keys.get(0).get("id").longValue(), null);
		expect(400, "GET", "/audit?limit=0", null);
		expect(400, "GET", "/audit?limit=1001", null);
		expect(400, "GET", "/audit?before=yesterday", null);
	}

	@Test
	void everyOperationDeclaresTheSecurityAnswers() {
		contract.operations().forEach((route, op) -> {
			assertThat(op.getResponses()).as("responses of %s", route).containsKeys("401", "429");
			assertThat(op.getResponses().get("401").get$ref()).as("401 of %s", route)
				.isEqualTo("#/components/responses/Unauthorized");
			assertThat(op.getResponses().get("429").get$ref()).as("429 of %s", route)
				.isEqualTo("#/components/responses/TooManyRequests");
			assertThat(op.getDescription()).as("description of %s", route).contains("**Roles:**");
		});
		assertThat(contract.api().getSecurity()).as("global security requirement").hasSize(1);
		assertThat(contract.api().getSecurity().get(0)).containsOnlyKeys("bearerAuth");
		assertThat(contract.api().getComponents().getSecuritySchemes().get("bearerAuth").getScheme())
			.isEqualTo("bearer");
	}

	@Test
	void everyOperationRefusesRequestsWithoutAValidKey() throws Exception {
		for (Route route : contract.routes()) {
			String uri = sampleUri(route);
			String body = sampleBody(route);
			exchange(request(route.method(), uri, body, "application/json").header("Authorization",
					"Bearer qb_no-such-key"), route.method(), uri, null, 401);
			exchange(request(route.method(), uri, body, "application/json").header("Authorization", "Basic YTpi"),
					route.method(), uri, null, 401);
		}
	}

	@Test
	void everyOperationRefusesKeysOutsideTheirRoleOrTeam() throws Exception {
		fixture();
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		expect(201, "POST", "/reservations", SAMPLE_RESERVATION);
		String researchAgent = expect(201, "POST", "/api-keys",
				"{\"name\":\"research runner\",\"role\":\"AGENT\",\"teamId\":\"research\"}")
			.get("secret")
			.stringValue();
		for (Map.Entry<Route, Operation> entry : contract.operations().entrySet()) {
			Route route = entry.getKey();
			if (entry.getValue().getResponses().containsKey("403")) {
				String uri = sampleUri(route);
				String body = sampleBody(route);
				exchange(request(route.method(), uri, body, "application/json").header("Authorization",
						"Bearer " + researchAgent), route.method(), uri, null, 403);
			}
		}
		// A team's keys see only their own team: never 403 here.
		JsonNode teams = expectAs(researchAgent, 200, "GET", "/teams", null);
		assertThat(teams.findValuesAsString("id")).containsExactly("research");
	}

	// ---------------------------------------------------------------- errors shared by
	// every operation

	@Test
	void everyOperationAnswersTheSharedErrorsItDeclares() throws Exception {
		fixture();
		recordUsage("e1", "claude-sonnet-4-5", "2026-11-25T11:30:00Z");
		expect(201, "POST", "/reservations", SAMPLE_RESERVATION);
		for (Map.Entry<Route, Operation> entry : contract.operations().entrySet()) {
			Route route = entry.getKey();
			Set<String> declared = entry.getValue().getResponses().keySet();
			String uri = sampleUri(route);
			String body = sampleBody(route);
			if (declared.contains("406")) {
				exchange(request(route.method(), uri, body, "application/json").accept("text/csv"), route.method(), uri,
						body, 406);
			}
			if (declared.contains("415")) {
				exchange(request(route.method(), uri, "hello", "text/plain"), route.method(), uri, null, 415);
			}
			if (declared.contains("413")) {
				String large = "[" + " ".repeat(1_100_000) + "]";
				exchange(request(route.method(), uri, large, "application/json"), route.method(), uri, null, 413);
			}
		}
	}

	@Test
	void answersOutsideTheOperationsAreProblemsToo() throws Exception {
		assertProblem(405, this.mvc.perform(MockMvcRequestBuilders.post("/pools/p")).andReturn().getResponse());
		assertProblem(405, this.mvc.perform(MockMvcRequestBuilders.delete("/teams/t")).andReturn().getResponse());
		assertProblem(404, this.mvc.perform(MockMvcRequestBuilders.get("/no-such-path")).andReturn().getResponse());
	}

	// ---------------------------------------------------------------- coverage

	@AfterAll
	static void everyDeclaredStatusWasAnsweredOnce() {
		StringBuilder report = new StringBuilder("Contract coverage (declared statuses, * = answered in this run):\n");
		List<String> missing = new ArrayList<>();
		contract.operations().forEach((route, op) -> {
			Set<Integer> answered = seen.getOrDefault(route, Set.of());
			report.append(String.format("  %-45s", route));
			for (String status : new TreeSet<>(op.getResponses().keySet())) {
				int code = Integer.parseInt(status);
				report.append(' ').append(status).append(answered.contains(code) ? "*" : "");
				if (!answered.contains(code) && !NOT_PROVOKED.contains(code) && !PROVEN_ELSEWHERE.contains(code)) {
					missing.add(route + " " + status);
				}
			}
			report.append('\n');
		});
		System.out.println(report);
		int tests = (int) Arrays.stream(OpenApiContractIT.class.getDeclaredMethods())
			.filter((m) -> m.isAnnotationPresent(Test.class))
			.count();
		if (testsPassed.get() == tests) {
			assertThat(missing).as("declared statuses no test provoked").isEmpty();
		}
	}

	// ---------------------------------------------------------------- helpers

	/** Two teams, three pools (rolling, weekly, monthly), platform allocated to all. */
	private void fixture() throws Exception {
		expect(201, "PUT", "/pools/max-session", SESSION_POOL);
		expect(201, "PUT", "/pools/max-weekly", WEEKLY_POOL);
		expect(201, "PUT", "/pools/api-spend", MONTHLY_POOL);
		expect(201, "PUT", "/teams/platform", PLATFORM);
		expect(201, "PUT", "/teams/research", "{\"name\":\"Research\",\"timezone\":\"America/New_York\"}");
		for (String pool : List.of("max-session", "max-weekly", "api-spend")) {
			expect(201, "PUT", "/pools/" + pool + "/allocations/platform", null);
		}
	}

	private void recordUsage(String eventId, String model, String occurredAt) throws Exception {
		if (this.mvc.perform(MockMvcRequestBuilders.get("/teams/platform"))
			.andReturn()
			.getResponse()
			.getStatus() == 404) {
			expect(201, "PUT", "/teams/platform", PLATFORM);
		}
		expect(200, "POST", "/usage-events", event(eventId, model, occurredAt));
	}

	private static String event(String eventId, String model, String occurredAt) {
		return """
				{"eventId":"%s","teamId":"platform","memberId":"ana","model":"%s","occurredAt":"%s",
				 "inputTokens":1200,"outputTokens":300,"cacheReadTokens":4000,"messages":2,"costUsd":0.0425}"""
			.formatted(eventId, model, occurredAt);
	}

	/**
	 * A URI of the route that reaches the handler once {@link #fixture()} ran (and, for
	 * one reservation, {@link #SAMPLE_RESERVATION} was granted).
	 */
	private static String sampleUri(Route route) {
		return switch (route.toString()) {
			case "PUT /pools/{poolId}" -> "/pools/new-pool";
			case "PUT /teams/{teamId}" -> "/teams/new-team";
			case "POST /imports/claude-code" -> "/imports/claude-code?teamId=platform&memberId=ana";
			default -> route.path()
				.replace("{poolId}", "max-session")
				.replace("{teamId}", "platform")
				.replace("{keyId}", "key_missing0")
				.replace("{reservationId}", "res-sample")
				.replace("{scheduleId}", "sch_none")
				.replace("{id}", "ops-alerts");
		};
	}

	private static String sampleBody(Route route) {
		return switch (route.toString()) {
			case "PUT /pools/{poolId}" -> SESSION_POOL;
			case "PUT /teams/{teamId}" -> PLATFORM;
			case "PUT /pools/{poolId}/allocations/{teamId}" -> "{\"weight\":1}";
			case "POST /usage-events" -> event("shared-1", "claude-sonnet-4-5", "2026-11-25T11:40:00Z");
			case "POST /imports/claude-code" -> TRANSCRIPT_LINE;
			case "POST /api-keys" -> "{\"name\":\"runner\",\"role\":\"AGENT\",\"teamId\":\"platform\"}";
			case "POST /reservations" -> "{\"teamId\":\"platform\",\"poolId\":\"max-session\",\"amount\":1}";
			case "POST /reservations/{reservationId}/commit" -> "{\"amount\":1}";
			case "PUT /teams/{teamId}/webhooks/{id}", "PUT /pools/{poolId}/webhooks/{id}" ->
				"{\"url\":\"https://hooks.example.com/q\",\"events\":[\"ANOMALY\"],\"secret\":\"0123456789abcdef0\"}";
			case "POST /pools/{poolId}/observations" -> OBSERVATION;
			case "POST /teams/{teamId}/admission" ->
				"{\"poolId\":\"max-session\",\"estimatedAmount\":1,\"kind\":\"INTERACTIVE\"}";
			case "POST /teams/{teamId}/slots" -> "{\"poolId\":\"max-session\",\"amount\":1,\"duration\":\"PT1H\"}";
			case "POST /teams/{teamId}/schedules" ->
				"{\"tasks\":[{\"name\":\"a\",\"estimatedAmount\":1,\"duration\":\"PT1H\",\"pool\":\"max-session\"}]}";
			case "POST /teams/{teamId}/plans/feasibility" -> "{\"days\":1,\"storyPoints\":1}";
			default -> null;
		};
	}

	private MockHttpServletRequestBuilder request(String method, String uri, String body, String contentType) {
		MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(HttpMethod.valueOf(method),
				URI.create(uri));
		if (body != null) {
			builder.contentType(contentType).content(body.getBytes(StandardCharsets.UTF_8));
		}
		return builder;
	}

	/** Sends a JSON request, checks the exchange against the contract, and the status. */
	private JsonNode expect(int status, String method, String uri, String body) throws Exception {
		return exchange(request(method, uri, body, "application/json"), method, uri, body, status);
	}

	/**
	 * As {@link #expect}, authenticated with {@code secret} instead of the admin token.
	 */
	private JsonNode expectAs(String secret, int status, String method, String uri, String body) throws Exception {
		return exchange(request(method, uri, body, "application/json").header("Authorization", "Bearer " + secret),
				method, uri, body, status);
	}

	private JsonNode exchange(MockHttpServletRequestBuilder builder, String method, String uri, String requestBody,
			int expectedStatus) throws Exception {
		MvcResult result = this.mvc.perform(builder).andReturn();
		MockHttpServletResponse response = result.getResponse();
		if (result.getRequest().isAsyncStarted()) {
			// An event stream: take what it sent so far, and end it.
			result.getRequest().getAsyncContext().complete();
		}
		String what = method + " " + uri + " -> " + response.getStatus() + " " + response.getContentAsString();
		assertThat(response.getStatus()).as("status of %s", what).isEqualTo(expectedStatus);
		URI parsed = URI.create(uri);
		Found found = contract.find(method, parsed.getPath());
		assertThat(found).as("an operation of the contract answers %s %s", method, parsed.getPath()).isNotNull();
		synchronized (seen) {
			seen.computeIfAbsent(found.route(), (r) -> new TreeSet<>()).add(response.getStatus());
		}
		List<Parameter> parameters = contract.parameters(found.pathItem(), found.operation());
		if (parsed.getQuery() != null) {
			Set<String> sent = Arrays.stream(parsed.getQuery().split("&"))
				.map((p) -> p.substring(0, p.indexOf('=')))
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(names(parameters, "query")).as("query parameters of %s", found.route()).containsAll(sent);
		}
		ApiResponse declared = found.operation().getResponses().get(String.valueOf(response.getStatus()));
		assertThat(declared).as("%s declares status %s (%s)", found.route(), response.getStatus(), what).isNotNull();
		declared = contract.response(declared);
		if (declared.getHeaders() != null) {
			declared.getHeaders().forEach((name, header) -> {
				if (Boolean.TRUE.equals(header.getRequired()) || header.get$ref() != null) {
					assertThat(response.getHeader(name)).as("header %s of %s", name, what).isNotNull();
				}
			});
		}
		JsonNode body = null;
		if (declared.getContent() == null || declared.getContent().isEmpty()) {
			assertThat(response.getContentAsString()).as("body of %s", what).isEmpty();
		}
		else {
			assertThat(response.getContentType()).as("content type of %s", what).isNotNull();
			org.springframework.http.MediaType actual = org.springframework.http.MediaType
				.parseMediaType(response.getContentType());
			String mediaType = actual.getType() + "/" + actual.getSubtype();
			MediaType content = declared.getContent().get(mediaType);
			assertThat(content)
				.as("%s %s declares content %s (%s)", found.route(), response.getStatus(), mediaType, what)
				.isNotNull();
			if (mediaType.equals("text/event-stream")) {
				// A stream: the schema is that of each message's data.
				for (String line : response.getContentAsString(StandardCharsets.UTF_8).split("\n")) {
					if (line.startsWith("data:")) {
						JsonNode data = this.json.readTree(line.substring(5));
						assertThat(contract.checker().check(content.getSchema(), data)).as("event data of %s", what)
							.isEmpty();
					}
				}
			}
			else {
				body = this.json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
				assertThat(contract.checker().check(content.getSchema(), body)).as("response body of %s", what)
					.isEmpty();
			}
		}
		RequestBody requestSchema = contract.requestBody(found.operation().getRequestBody());
		if (requestBody != null && requestSchema != null && expectedStatus < 300) {
			JsonNode sent = this.json.readTree(requestBody);
			assertThat(contract.checker().check(requestSchema.getContent().get("application/json").getSchema(), sent))
				.as("request body of %s satisfies the contract", what)
				.isEmpty();
		}
		return body;
	}

	private void assertProblem(int status, MockHttpServletResponse response) throws Exception {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode body = this.json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
		assertThat(contract.checker().check(contract.api().getComponents().getSchemas().get("Problem"), body))
			.as("problem body %s", body)
			.isEmpty();
	}

	private int checkExamples(String where, Map<String, MediaType> content, List<String> violations) {
		int checked = 0;
		if (content == null) {
			return 0;
		}
		for (Map.Entry<String, MediaType> media : content.entrySet()) {
			if (media.getValue().getExamples() == null) {
				continue;
			}
			for (Map.Entry<String, Example> example : media.getValue().getExamples().entrySet()) {
				Object value = contract.example(example.getValue()).getValue();
				JsonNode node = this.json.readTree(Json.pretty(value));
				contract.checker()
					.check(media.getValue().getSchema(), node)
					.forEach((v) -> violations.add(where + " example " + example.getKey() + ": " + v));
				checked++;
			}
		}
		return checked;
	}

	private static Set<String> names(List<Parameter> parameters, String in) {
		return parameters.stream()
			.filter((p) -> in.equals(p.getIn()))
			.map(Parameter::getName)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * (method, path template) of every application endpoint except /error and actuator.
	 */
	private Map<Route, HandlerMethod> applicationRoutes() {
		Map<Route, HandlerMethod> routes = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.handlerMapping.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<String> patterns = (info.getPathPatternsCondition() != null)
					? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
			for (String pattern : patterns) {
				if (pattern.equals("/error") || pattern.startsWith("/actuator")) {
					continue;
				}
				Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition()
					.getMethods();
				assertThat(methods).as("HTTP methods mapped to %s", pattern).isNotEmpty();
				methods.forEach((m) -> routes.put(new Route(m.name(), pattern), entry.getValue()));
			}
		}
		return routes;
	}

}
