package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import io.github.quotabroker.events.ReservationWatch;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.security.ApiKeyService;
import io.github.quotabroker.security.SecurityProperties;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.Role;
import io.github.quotabroker.web.Unauthorized;
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
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The reservation endpoints' HTTP edge without a database: parsing, the problem+json
 * answer of every error path, and the filters and access rules in front of them. The
 * service and the watch are mocks; the body-size filter, the API-key filter and the
 * access interceptor are the real ones.
 */
@WebMvcTest(controllers = ReservationController.class,
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/slices-have-no-database",
				"quota.web.max-body-size=2KB" })
@Import(ReservationControllerWebMvcTest.SliceBeans.class)
class ReservationControllerWebMvcTest {

	static final String PROBLEMS = "https://quota-broker.github.io/problems/";

	static final String ADMIN = "Bearer admin-key";

	static final String AGENT = "Bearer agent-key";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	ReservationService reservations;

	@MockitoBean
	CapacityProjections projections;

	@MockitoBean
	ReservationWatch watch;

	@MockitoBean
	ApiKeyService keys;

	@BeforeEach
	void keys() {
		willThrow(new Unauthorized("Unknown or revoked API key")).given(this.keys).authenticate(anyString());
		willReturn(new Caller("k-admin", Role.ADMIN, null, Set::of)).given(this.keys).authenticate("admin-key");
		willReturn(new Caller("k-agent", Role.AGENT, "platform", () -> Set.of("session"))).given(this.keys)
			.authenticate("agent-key");
	}

	static ReservationResponse reservation(String id, ReservationStatus status) {
		Instant at = Instant.parse("2026-11-25T12:00:00Z");
		return new ReservationResponse(id, "platform", "session", null, null, Priority.MEDIUM, ReservationKind.HOLD,
				Unit.MESSAGES, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, status, at, at.plusSeconds(1800), null,
				null, null, false, null, null, null, null, at, at);
	}

	MvcTestResult postReservation(String json) {
		return this.mvc.post()
			.uri("/reservations")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
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

	static void assertErrorField(MvcTestResult result, String field) {
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
	}

	// Successful answers: the status code says what became of the request.

	@Test
	void aGrantedReservationIsCreatedWithItsLocation() {
		given(this.reservations.create(any(), any()))
			.willReturn(new ReservationService.Created(reservation("r-1", ReservationStatus.HELD), true));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":10,"priority":"HIGH","ttl":"PT30M"}""");

		assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/reservations/r-1");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("HELD");
	}

	@Test
	void aQueuedReservationIsAcceptedNotCreated() {
		given(this.reservations.create(any(), any()))
			.willReturn(new ReservationService.Created(reservation("r-2", ReservationStatus.QUEUED), true));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":10,"queue":true}""");

		assertThat(result).hasStatus(202).hasHeader(HttpHeaders.LOCATION, "/reservations/r-2");
	}

	@Test
	void aRetriedReservationAnswersOkWithTheOriginal() {
		given(this.reservations.create(any(), any()))
			.willReturn(new ReservationService.Created(reservation("r-3", ReservationStatus.HELD), false));

		MvcTestResult result = postReservation("""
				{"id":"r-3","teamId":"platform","poolId":"session","amount":10}""");

		assertThat(result).hasStatus(200);
		assertThat(result).headers().doesNotContainHeader(HttpHeaders.LOCATION);
	}

	// Bodies that cannot be read never reach the service.

	@Test
	void bodyThatIsNotJsonIsAMalformedBody() {
		MvcTestResult result = postReservation("{\"teamId\": ");

		assertProblem(result, 400, "malformed-body", "Malformed request body", "The request body is not valid JSON");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void emptyBodyIsAMalformedBody() {
		MvcTestResult result = postReservation("");

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"The request body is missing or is not valid JSON");
	}

	@Test
	void amountOfTheWrongTypeIsNamed() {
		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":"lots"}""");

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"Field 'amount' has the wrong type or format");
		assertErrorField(result, "amount");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void unknownPriorityIsNamed() {
		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":1,"priority":"URGENT"}""");

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"Field 'priority' has the wrong type or format");
		assertErrorField(result, "priority");
	}

	@Test
	void startsAtThatIsNoInstantIsNamed() {
		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":1,"startsAt":"tomorrow"}""");

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"Field 'startsAt' has the wrong type or format");
		assertErrorField(result, "startsAt");
	}

	@Test
	void queueThatIsNoBooleanIsNamed() {
		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":1,"queue":{"wait":true}}""");

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"Field 'queue' has the wrong type or format");
		assertErrorField(result, "queue");
	}

	@Test
	void unknownFieldIsNamed() {
		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":1,"colour":"red"}""");

		assertProblem(result, 400, "malformed-body", "Malformed request body", "Unknown field 'colour'");
		assertErrorField(result, "colour");
	}

	@Test
	void bodyThatIsAnArrayIsTheWrongShape() {
		MvcTestResult result = postReservation("[]");

		assertProblem(result, 400, "malformed-body", "Malformed request body", "The body has the wrong shape");
	}

	@Test
	void bodyOverTheLimitIsRefusedBeforeAuthentication() {
		MvcTestResult result = this.mvc.post()
			.uri("/reservations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"description\":\"" + "x".repeat(3000) + "\"}")
			.exchange();

		assertProblem(result, 413, "body-too-large", "Request body too large",
				"The request body exceeds the limit of 2048 bytes");
		assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo("/reservations");
		verifyNoInteractions(this.reservations, this.keys);
	}

	@Test
	void bodyNotSentAsJsonIsAnUnsupportedMediaType() {
		MvcTestResult result = this.mvc.post()
			.uri("/reservations")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.TEXT_PLAIN)
			.content("amount=1")
			.exchange();

		assertProblem(result, 415, "unsupported-media-type", "Unsupported media type",
				"Send the body as application/json");
	}

	@Test
	void askingForHtmlIsNotAcceptable() {
		MvcTestResult result = this.mvc.get()
			.uri("/reservations/r-1")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.accept(MediaType.TEXT_HTML)
			.exchange();

		assertProblem(result, 406, "not-acceptable", "Not acceptable", "This endpoint answers application/json");
	}

	@Test
	void anUnsupportedMethodIsNamed() {
		MvcTestResult result = this.mvc.put()
			.uri("/reservations/r-1")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")
			.exchange();

		assertProblem(result, 405, "method-not-allowed", "Method not allowed",
				"PUT is not supported on /reservations/r-1");
	}

	// The service's refusals keep their problem type, detail and fields.

	@Test
	void invalidFieldsFoundByTheServiceAreNamed() {
		given(this.reservations.create(any(), any())).willThrow(new InvalidRequest("amount", "must be positive"));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":-1}""");

		assertProblem(result, 400, "validation", "Invalid request", "amount: must be positive");
		assertErrorField(result, "amount");
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must be positive");
		assertThat(result).bodyJson().extractingPath("$.retryable").isEqualTo(false);
	}

	@Test
	void aMissingFieldFoundByTheServiceIsNamed() {
		given(this.reservations.create(any(), any())).willThrow(new InvalidRequest("poolId", "is required"));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","amount":1}""");

		assertProblem(result, 400, "validation", "Invalid request", "poolId: is required");
		assertErrorField(result, "poolId");
	}

	@Test
	void anUnknownPoolIsNotFound() {
		given(this.reservations.create(any(), any())).willThrow(new UnknownPool("nowhere"));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"nowhere","amount":1}""");

		assertProblem(result, 404, "not-found", "Not found", "Pool 'nowhere' does not exist");
	}

	@Test
	void notEnoughQuotaSaysWhatFitsAndWhen() {
		Instant fitsFrom = Instant.parse("2026-11-25T14:00:00Z");
		given(this.reservations.create(any(), any()))
			.willThrow(new QuotaExceeded("Not enough quota in pool 'session'", new BigDecimal("4"), fitsFrom, null));

		MvcTestResult result = postReservation("""
				{"teamId":"platform","poolId":"session","amount":10}""");

		assertProblem(result, 409, "quota-exceeded", "Not enough quota", "Not enough quota in pool 'session'");
		assertThat(result).bodyJson().extractingPath("$.available").isEqualTo(4);
		assertThat(result).bodyJson().extractingPath("$.fitsFrom").isEqualTo("2026-11-25T14:00:00Z");
		assertThat(result).bodyJson().extractingPath("$.retryAt").isEqualTo("2026-11-25T14:00:00Z");
		assertThat(result).bodyJson().extractingPath("$.retryable").isEqualTo(true);
	}

	@Test
	void anUnknownReservationIsNotFound() {
		given(this.reservations.get(any(), eq("r-404"))).willThrow(new UnknownReservation("r-404"));

		MvcTestResult result = get("/reservations/r-404", ADMIN);

		assertProblem(result, 404, "not-found", "Not found", "Reservation 'r-404' does not exist");
	}

	@Test
	void committingAnUnknownReservationIsNotFound() {
		given(this.reservations.commit(any(), eq("r-404"), any())).willThrow(new UnknownReservation("r-404"));

		MvcTestResult result = this.mvc.post()
			.uri("/reservations/r-404/commit")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"amount\":3}")
			.exchange();

		assertProblem(result, 404, "not-found", "Not found", "Reservation 'r-404' does not exist");
	}

	@Test
	void commitAmountOfTheWrongTypeIsNamed() {
		MvcTestResult result = this.mvc.post()
			.uri("/reservations/r-1/commit")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"amount\":[3]}")
			.exchange();

		assertProblem(result, 400, "malformed-body", "Malformed request body",
				"Field 'amount' has the wrong type or format");
		assertErrorField(result, "amount");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void releasingAnEndedReservationIsAConflict() {
		given(this.reservations.release(any(), eq("r-1")))
			.willThrow(new Conflict("Reservation 'r-1' is COMMITTED; only a HELD reservation can be released"));

		MvcTestResult result = this.mvc.post()
			.uri("/reservations/r-1/release")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.exchange();

		assertProblem(result, 409, "conflict", "Conflict",
				"Reservation 'r-1' is COMMITTED; only a HELD reservation can be released");
	}

	@Test
	void cancellingAnUnknownReservationIsNotFound() {
		given(this.reservations.cancel(any(), eq("r-404"))).willThrow(new UnknownReservation("r-404"));

		MvcTestResult result = this.mvc.delete()
			.uri("/reservations/r-404")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.exchange();

		assertProblem(result, 404, "not-found", "Not found", "Reservation 'r-404' does not exist");
	}

	@Test
	void anUnexpectedFailureIsAnInternalErrorThatLeaksNothing() {
		given(this.reservations.get(any(), eq("r-1")))
			.willThrow(new IllegalStateException("SELECT * FROM reservations failed"));

		MvcTestResult result = get("/reservations/r-1", ADMIN);

		assertProblem(result, 500, "internal", "Internal error", "An unexpected error occurred; it has been logged");
		assertThat(result).bodyText().doesNotContain("SELECT");
		assertThat(result).bodyJson().extractingPath("$.retryable").isEqualTo(true);
	}

	// The long poll's parameters are checked at the edge.

	@Test
	void timeoutWithoutWaitForIsRefused() {
		given(this.reservations.get(any(), eq("r-1"))).willReturn(reservation("r-1", ReservationStatus.QUEUED));

		MvcTestResult result = get("/reservations/r-1?timeout=PT5S", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "timeout: only applies with waitFor");
		assertErrorField(result, "timeout");
	}

	@Test
	void timeoutOverAMinuteIsRefused() {
		given(this.reservations.get(any(), eq("r-1"))).willReturn(reservation("r-1", ReservationStatus.QUEUED));

		MvcTestResult result = get("/reservations/r-1?waitFor=HELD&timeout=PT2M", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "timeout: must be from PT0S to PT1M");
		assertErrorField(result, "timeout");
		verifyNoInteractions(this.watch);
	}

	@Test
	void negativeTimeoutIsRefused() {
		given(this.reservations.get(any(), eq("r-1"))).willReturn(reservation("r-1", ReservationStatus.QUEUED));

		MvcTestResult result = get("/reservations/r-1?waitFor=HELD&timeout=-PT1S", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "timeout: must be from PT0S to PT1M");
	}

	@Test
	void timeoutThatIsNoDurationIsNamed() {
		MvcTestResult result = get("/reservations/r-1?waitFor=HELD&timeout=soon", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "timeout: must be a valid Duration");
		assertErrorField(result, "timeout");
	}

	@Test
	void waitForAnUnknownStatusIsNamed() {
		MvcTestResult result = get("/reservations/r-1?waitFor=DONE", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "waitFor: must be a valid List");
		assertErrorField(result, "waitFor");
	}

	@Test
	void theLongPollAnswersWhatTheWatchSaw() {
		given(this.reservations.get(any(), eq("r-1"))).willReturn(reservation("r-1", ReservationStatus.QUEUED));
		given(this.watch.await(eq("r-1"), any(), any(), any())).willReturn(reservation("r-1", ReservationStatus.HELD));

		MvcTestResult result = get("/reservations/r-1?waitFor=HELD,SCHEDULED&timeout=PT10S", ADMIN);

		assertThat(result).hasStatus(200);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("HELD");
	}

	// Listing and capacity parameters.

	@Test
	void listLimitThatIsNoNumberIsNamed() {
		MvcTestResult result = get("/teams/platform/reservations?limit=all", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "limit: must be a valid int");
		assertErrorField(result, "limit");
	}

	@Test
	void listFromThatIsNoInstantIsNamed() {
		MvcTestResult result = get("/teams/platform/reservations?from=yesterday", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "from: must be a valid Instant");
		assertErrorField(result, "from");
	}

	@Test
	void listStatusThatIsUnknownIsNamed() {
		MvcTestResult result = get("/teams/platform/reservations?status=DONE", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "status: must be a valid List");
		assertErrorField(result, "status");
	}

	@Test
	void capacityStepThatIsNoDurationIsNamed() {
		MvcTestResult result = get("/pools/session/capacity?step=hourly", ADMIN);

		assertProblem(result, 400, "validation", "Invalid request", "step: must be a valid Duration");
		assertErrorField(result, "step");
	}

	@Test
	void capacityOfAnUnknownPoolIsNotFound() {
		given(this.projections.capacity(eq("nowhere"), any(), any(), any())).willThrow(new UnknownPool("nowhere"));

		MvcTestResult result = get("/pools/nowhere/capacity", ADMIN);

		assertProblem(result, 404, "not-found", "Not found", "Pool 'nowhere' does not exist");
	}

	// Authentication and access rules run before the controller.

	@Test
	void noApiKeyIsUnauthorized() {
		MvcTestResult result = this.mvc.get().uri("/reservations/r-1").exchange();

		assertProblem(result, 401, "unauthorized", "Missing or invalid API key",
				"Send an API key as 'Authorization: Bearer <key>'");
		assertThat(result).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void anUnknownApiKeyIsUnauthorized() {
		MvcTestResult result = get("/reservations/r-1", "Bearer stolen-key");

		assertProblem(result, 401, "unauthorized", "Missing or invalid API key", "Unknown or revoked API key");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void anotherTeamsReservationsAreForbidden() {
		MvcTestResult result = get("/teams/search/reservations", AGENT);

		assertProblem(result, 403, "forbidden", "Forbidden", "This key acts for team 'platform' only");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void capacityOfAPoolTheTeamIsNotAllocatedIsForbidden() {
		MvcTestResult result = get("/pools/batch/capacity", AGENT);

		assertProblem(result, 403, "forbidden", "Forbidden",
				"Only ADMIN keys and keys of a team allocated this pool may do this");
		verifyNoInteractions(this.reservations);
	}

	@Test
	void theTeamsOwnReservationsAreListed() {
		MvcTestResult result = get("/teams/platform/reservations?status=HELD&limit=5", AGENT);

		assertThat(result).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
	}

	/**
	 * What the real filters need and a slice does not make: their settings (the
	 * application's properties scan skips slices) and a meter registry for the refusals
	 * they count.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SecurityProperties.class, WebProperties.class })
	static class SliceBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
