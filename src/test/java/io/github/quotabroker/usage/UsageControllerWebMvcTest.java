package io.github.quotabroker.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.security.ApiKeyService;
import io.github.quotabroker.security.SecurityProperties;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.team.UnknownTeam;
import io.github.quotabroker.usage.EventOutcome.Status;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Role;
import io.github.quotabroker.web.Unauthorized;
import io.github.quotabroker.web.Unavailable;
import io.github.quotabroker.web.WebProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The usage endpoints' HTTP edge without a database. The real {@link UsageService} parses
 * and validates the body (today it takes the body as text), so its collaborators that
 * reach the database (the ingest, the queries, the pools) are the mocks; the body-size
 * filter, the API-key filter and the access interceptor are the real ones.
 */
@WebMvcTest(controllers = UsageController.class,
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/slices-have-no-database",
				"quota.web.max-body-size=2KB", "quota.ingest.max-batch-size=3" })
@Import({ UsageService.class, UsageControllerWebMvcTest.SliceBeans.class })
class UsageControllerWebMvcTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final String PROBLEMS = "https://quota-broker.github.io/problems/";

	static final String ADMIN = "Bearer admin-key";

	static final String AGENT = "Bearer agent-key";

	static final String LEAD = "Bearer lead-key";

	static final String EVENT = """
			{"eventId":"e-1","teamId":"platform","model":"claude-opus-4-1","occurredAt":"2026-11-25T11:59:00Z",
			 "inputTokens":100,"outputTokens":20,"messages":1}""";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MeterRegistry meters;

	@MockitoBean
	UsageIngestService ingest;

	@MockitoBean
	UsageQueries queries;

	@MockitoBean
	UsageBreakdownQueries breakdowns;

	@MockitoBean
	PoolService pools;

	@MockitoBean
	UsageMetrics metrics;

	@MockitoBean
	RetentionStore retention;

	@MockitoBean
	ApiKeyService keys;

	@BeforeEach
	void keys() {
		willThrow(new Unauthorized("Unknown or revoked API key")).given(this.keys).authenticate(anyString());
		willReturn(new Caller("k-admin", Role.ADMIN, null, Set::of)).given(this.keys).authenticate("admin-key");
		willReturn(new Caller("k-agent", Role.AGENT, "platform", () -> Set.of("session"))).given(this.keys)
			.authenticate("agent-key");
		willReturn(new Caller("k-lead", Role.TEAM_LEAD, "platform", () -> Set.of("session"))).given(this.keys)
			.authenticate("lead-key");
	}

	static Pool session() {
		return new Pool("session", "Session", Unit.MESSAGES, 1000, new RollingWindow(Duration.ofHours(5)),
				List.of(ModelPattern.of("*")), TokenWeights.DEFAULT, StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, NOW,
				NOW);
	}

	MvcTestResult postUsage(String authorization, String json) {
		return this.mvc.post()
			.uri("/usage-events")
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	MvcTestResult get(String uri, String authorization) {
		return this.mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

	static void assertProblem(MvcTestResult result, int status, String slug, String title, String detail) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo(title);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
	}

	static void assertErrorFields(MvcTestResult result, String... fields) {
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactlyInAnyOrder(fields);
	}

	// POST /usage-events

	@Test
	void aValidEventIsRecorded() {
		given(this.ingest.ingest(any()))
			.willReturn(List.of(new EventOutcome("e-1", Status.RECORDED, List.of("session"))));

		MvcTestResult result = postUsage(AGENT, EVENT);

		assertThat(result).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$.recorded").isEqualTo(1);
		assertThat(result).bodyJson().extractingPath("$.events[0].countedAgainst[0]").isEqualTo("session");
	}

	@Test
	void bodyThatIsNotJsonIsAMalformedBody() {
		MvcTestResult result = postUsage(ADMIN, "{\"eventId\": ");

		assertProblem(result, 400, "malformed-body", "Malformed request body", "The request body is not valid JSON");
		verifyNoInteractions(this.ingest);
		then(this.metrics).should().rejected("malformed", 1);
	}

	@Test
	void anEmptyArrayIsRefused() {
		MvcTestResult result = postUsage(ADMIN, "[]");

		assertProblem(result, 400, "validation", "Invalid request", "send at least one event");
	}

	@Test
	void aBodyThatIsNeitherObjectNorArrayIsRefused() {
		MvcTestResult result = postUsage(ADMIN, "42");

		assertProblem(result, 400, "validation", "Invalid request",
				"the body must be a usage event object or an array of them");
	}

	@Test
	void moreEventsThanABatchMayHoldAreRefused() {
		MvcTestResult result = postUsage(ADMIN, "[" + String.join(",", EVENT, EVENT, EVENT, EVENT) + "]");

		assertProblem(result, 400, "validation", "Invalid request", "at most 3 events per request");
		verifyNoInteractions(this.ingest);
	}

	@Test
	void missingFieldsAreEachNamed() {
		MvcTestResult result = postUsage(ADMIN, "{}");

		assertProblem(result, 400, "validation", "Invalid request", "4 fields are invalid; see errors");
		assertErrorFields(result, "eventId", "teamId", "model", "occurredAt");
		verifyNoInteractions(this.ingest);
	}

	@Test
	void aFieldOfTheWrongTypeIsNamed() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"e-1\"", "17"));

		assertProblem(result, 400, "validation", "Invalid request", "eventId: has the wrong type or is out of range");
		assertErrorFields(result, "eventId");
	}

	@Test
	void tokensAsTextAreOfTheWrongType() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"inputTokens\":100", "\"inputTokens\":\"100\""));

		assertProblem(result, 400, "validation", "Invalid request",
				"inputTokens: has the wrong type or is out of range");
		assertErrorFields(result, "inputTokens");
	}

	@Test
	void fractionalTokensAreRefused() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"outputTokens\":20", "\"outputTokens\":1.5"));

		assertProblem(result, 400, "validation", "Invalid request", "outputTokens: must be a whole number");
		assertErrorFields(result, "outputTokens");
	}

	@Test
	void anUnknownFieldIsNamed() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"messages\":1", "\"messages\":1,\"colour\":\"red\""));

		assertProblem(result, 400, "validation", "Invalid request", "colour: is not a field of a usage event");
		assertErrorFields(result, "colour");
	}

	@Test
	void anEventFromTheFutureIsRefused() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("2026-11-25T11:59:00Z", "2026-11-25T13:00:00Z"));

		assertProblem(result, 400, "validation", "Invalid request",
				"occurredAt: is more than 5 minutes in the future (server time 2026-11-25T12:00:00Z)");
		assertErrorFields(result, "occurredAt");
	}

	@Test
	void anUnknownKindIsNamed() {
		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"messages\":1", "\"messages\":1,\"kind\":\"BATCH\""));

		assertProblem(result, 400, "validation", "Invalid request", "kind: must be INTERACTIVE or AUTOMATED");
		assertErrorFields(result, "kind");
	}

	@Test
	void anInvalidEventInABatchIsNamedWithItsIndex() {
		String bad = EVENT.replace("\"e-1\"", "\"e-2\"").replace("\"inputTokens\":100", "\"inputTokens\":-1");

		MvcTestResult result = postUsage(ADMIN, "[" + EVENT + "," + bad + "]");

		assertProblem(result, 400, "validation", "Invalid request", "item 1, inputTokens: must be from 0 to 100000000");
		assertThat(result).bodyJson().extractingPath("$.errors[0].index").isEqualTo(1);
		assertErrorFields(result, "inputTokens");
		verifyNoInteractions(this.ingest);
	}

	@Test
	void anAgentMayNotRecordAnotherTeamsUsage() {
		MvcTestResult result = postUsage(AGENT, EVENT.replace("\"platform\"", "\"search\""));

		assertProblem(result, 403, "forbidden", "Forbidden",
				"This key records usage for team 'platform' only; an event names team 'search'. Nothing was recorded.");
		verifyNoInteractions(this.ingest);
	}

	@Test
	void anUnknownTeamIsNotFound() {
		given(this.ingest.ingest(any())).willThrow(new UnknownTeam("ghost"));

		MvcTestResult result = postUsage(ADMIN, EVENT.replace("\"platform\"", "\"ghost\""));

		assertProblem(result, 404, "not-found", "Not found", "Team 'ghost' does not exist");
		then(this.metrics).should().rejected("unknown_team", 1);
	}

	@Test
	void aFullIngestQueueIsTemporarilyUnavailable() {
		given(this.ingest.ingest(any())).willThrow(new Unavailable("The ingest queue is full; retry shortly"));

		MvcTestResult result = postUsage(ADMIN, EVENT);

		assertProblem(result, 503, "unavailable", "Temporarily unavailable", "The ingest queue is full; retry shortly");
		assertThat(result).bodyJson().extractingPath("$.retryable").isEqualTo(true);
	}

	@Test
	void aBodyOverTheLimitIsRefusedAndCountedAsAUsageRejection() {
		String big = "[" + EVENT.replace("\"messages\":1", "\"messages\":1,\"agentId\":\"" + "a".repeat(2100) + "\"")
				+ "]";

		MvcTestResult result = postUsage(ADMIN, big);

		assertProblem(result, 413, "body-too-large", "Request body too large",
				"The request body exceeds the limit of 2048 bytes");
		assertThat(this.meters.get("quota.usage.events.rejected").tag("reason", "too_large").counter().count())
			.isEqualTo(1.0);
		verifyNoInteractions(this.ingest, this.keys);
	}

	@Test
	void usageNotSentAsJsonIsAnUnsupportedMediaType() {
		MvcTestResult result = this.mvc.post()
			.uri("/usage-events")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("eventId=e-1")
			.exchange();

		assertProblem(result, 415, "unsupported-media-type", "Unsupported media type",
				"Send the body as application/json");
	}

	@Test
	void usageWithoutAnApiKeyIsUnauthorized() {
		MvcTestResult result = this.mvc.post()
			.uri("/usage-events")
			.contentType(MediaType.APPLICATION_JSON)
			.content(EVENT)
			.exchange();

		assertProblem(result, 401, "unauthorized", "Missing or invalid API key",
				"Send an API key as 'Authorization: Bearer <key>'");
		assertThat(result).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		verifyNoInteractions(this.ingest);
	}

	// GET /pools/{poolId}/usage

	@Test
	void aTeamLeadSeesOnlyItsOwnTeamsHistory() {
		given(this.pools.get("session")).willReturn(session());

		MvcTestResult result = get("/pools/session/usage?from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z", LEAD);

		assertThat(result).hasStatus(200);
		assertThat(result).bodyJson().extractingPath("$.groupBy").isEqualTo("team");
		then(this.queries).should()
			.teamSeries(true, "session", Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T12:00:00Z"),
					"platform");
	}

	@Test
	void aMalformedPoolIdIsNamed() {
		MvcTestResult result = get("/pools/-session/usage", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request",
				"poolId: must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
		assertErrorFields(result, "poolId");
		verifyNoInteractions(this.pools);
	}

	@Test
	void anUnknownPoolIsNotFound() {
		given(this.pools.get("nowhere")).willThrow(new UnknownPool("nowhere"));

		MvcTestResult result = get("/pools/nowhere/usage", ADMIN);

		assertProblem(result, 404, "not-found", "Not found", "Pool 'nowhere' does not exist");
	}

	@Test
	void aStepUnderAMinuteIsRefused() {
		given(this.pools.get("session")).willReturn(session());

		MvcTestResult result = get("/pools/session/usage?step=PT30S", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "step: must be whole minutes, at least PT1M");
		assertErrorFields(result, "step");
	}

	@Test
	void severalBadParametersAreEachNamed() {
		given(this.pools.get("session")).willReturn(session());

		MvcTestResult result = get(
				"/pools/session/usage?from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z&groupBy=colour", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "2 fields are invalid; see errors");
		assertErrorFields(result, "from", "groupBy");
	}

	@Test
	void tooManyPointsAreRefused() {
		given(this.pools.get("session")).willReturn(session());

		MvcTestResult result = get("/pools/session/usage?from=2026-01-01T00:00:00Z&step=PT1M", ADMIN);

		assertThat(result).hasStatus(400);
		assertErrorFields(result, "step");
	}

	@Test
	void fromThatIsNoInstantIsNamed() {
		MvcTestResult result = get("/pools/session/usage?from=yesterday", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "from: must be a valid Instant");
		assertErrorFields(result, "from");
	}

	@Test
	void stepThatIsNoDurationIsNamed() {
		MvcTestResult result = get("/pools/session/usage?step=hourly", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "step: must be a valid Duration");
		assertErrorFields(result, "step");
	}

	@Test
	void anAgentMayNotReadAPoolsHistory() {
		MvcTestResult result = get("/pools/session/usage", AGENT);

		assertProblem(result, 403, "forbidden", "Forbidden",
				"Only ADMIN keys and TEAM_LEAD keys of a team allocated this pool may do this");
		verifyNoInteractions(this.pools, this.queries);
	}

	@Test
	void aLeadMayNotReadThePoolOfAnotherTeam() {
		MvcTestResult result = get("/pools/batch/usage", LEAD);

		assertProblem(result, 403, "forbidden", "Forbidden",
				"Only ADMIN keys and TEAM_LEAD keys of a team allocated this pool may do this");
	}

	@Test
	void historyAsHtmlIsNotAcceptable() {
		MvcTestResult result = this.mvc.get()
			.uri("/pools/session/usage")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.accept(MediaType.TEXT_HTML)
			.exchange();

		assertProblem(result, 406, "not-acceptable", "Not acceptable", "This endpoint answers application/json");
	}

	/**
	 * What the real filters and the service need and a slice does not make: their
	 * settings (the application's properties scan skips slices), a meter registry, and a
	 * clock that stands still.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SecurityProperties.class, WebProperties.class, IngestProperties.class })
	static class SliceBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		@Primary
		Clock fixedClock() {
			return new MutableClock(NOW);
		}

	}

}
