package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.security.ApiKeyService;
import io.github.quotabroker.security.SecurityProperties;
import io.github.quotabroker.team.UnknownTeam;
import io.github.quotabroker.web.Caller;
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
 * The slot, coordination and schedule endpoints' HTTP edge without a database: parsing,
 * the problem+json answer of each error path, and the access rules in front of them. The
 * services are mocks; the API-key filter and the access interceptor are the real ones.
 */
@WebMvcTest(controllers = { SlotController.class, CoordinationController.class, ScheduleController.class },
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/slices-have-no-database" })
@Import(ScheduleControllersWebMvcTest.SliceBeans.class)
class ScheduleControllersWebMvcTest {

	static final String PROBLEMS = "https://quota-broker.github.io/problems/";

	static final String AGENT = "Bearer agent-key";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	SlotService slots;

	@MockitoBean
	CoordinationService coordination;

	@MockitoBean
	ScheduleService schedules;

	@MockitoBean
	ApiKeyService keys;

	@BeforeEach
	void keys() {
		willThrow(new Unauthorized("Unknown or revoked API key")).given(this.keys).authenticate(anyString());
		willReturn(new Caller("k-agent", Role.AGENT, "platform", () -> Set.of("session"))).given(this.keys)
			.authenticate("agent-key");
	}

	MvcTestResult postSlots(String team, String json) {
		return this.mvc.post()
			.uri("/teams/" + team + "/slots")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	static void assertProblem(MvcTestResult result, int status, String slug) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
	}

	@Test
	void theTeamsOwnKeyIsAnsweredWhatTheServiceFound() {
		given(this.slots.find(any(), eq("platform"), any())).willReturn(new SlotResponse("platform", false,
				Unit.MESSAGES, BigDecimal.TEN, "PT1H", Instant.parse("2026-11-25T12:00:00Z"),
				Instant.parse("2026-11-25T13:00:00Z"), List.of("session"), null, List.of(), BigDecimal.ZERO, null,
				"No slot for PT1H between 12:01 Z and 13:00 Z: the deadline is too close.", List.of()));

		MvcTestResult result = postSlots("platform", """
				{"poolId":"session","amount":10,"duration":"PT1H","deadline":"2026-11-25T13:00:00Z"}""");

		assertThat(result).hasStatus(200);
		assertThat(result).bodyJson().extractingPath("$.fits").isEqualTo(false);
		// What is not known is left out, not written as null.
		assertThat(result).bodyJson().doesNotHavePath("$.bestPartialStart");
	}

	@Test
	void anotherTeamsSlotsAreForbiddenBeforeTheServiceIsAsked() {
		assertProblem(postSlots("research", """
				{"poolId":"session","amount":10,"duration":"PT1H"}"""), 403, "forbidden");
		verifyNoInteractions(this.slots);
	}

	@Test
	void aBodyOfTheWrongShapeNamesTheField() {
		MvcTestResult result = postSlots("platform", """
				{"poolId":"session","amount":10,"duration":"PT1H","deadline":"friday"}""");

		assertProblem(result, 400, "malformed-body");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("deadline");
		verifyNoInteractions(this.slots);
	}

	@Test
	void whatTheServiceRefusesIsAProblem() {
		given(this.slots.find(any(), eq("platform"), any()))
			.willThrow(new InvalidRequest("deadline", "must be after earliestStart"));

		MvcTestResult result = postSlots("platform", """
				{"poolId":"session","amount":10,"duration":"PT1H"}""");

		assertProblem(result, 400, "validation");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("deadline");
	}

	@Test
	void coordinationOfAPoolTheTeamIsNotAllocatedIsForbidden() {
		MvcTestResult result = this.mvc.get()
			.uri("/pools/batch/coordination")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.exchange();

		assertProblem(result, 403, "forbidden");
		verifyNoInteractions(this.coordination);
	}

	@Test
	void coordinationPassesItsQueryOnAsWritten() {
		given(this.coordination.plan("session", "2026-11-26", "2")).willThrow(new UnknownTeam("gone"));

		MvcTestResult result = this.mvc.get()
			.uri("/pools/session/coordination?date=2026-11-26&days=2")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.exchange();

		assertProblem(result, 404, "not-found");
	}

	MvcTestResult postSchedule(String team, String json) {
		return this.mvc.post()
			.uri("/teams/" + team + "/schedules")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	@Test
	void anotherTeamsSchedulesAreForbiddenBeforeTheServiceIsAsked() {
		assertProblem(postSchedule("research", """
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"}]}"""), 403, "forbidden");
		assertProblem(this.mvc.get()
			.uri("/teams/research/schedules/sch_1")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.exchange(), 403, "forbidden");
		assertProblem(this.mvc.delete()
			.uri("/teams/research/schedules/sch_1")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.exchange(), 403, "forbidden");
		verifyNoInteractions(this.schedules);
	}

	@Test
	void aTaskOfTheWrongShapeIsAProblemBeforeTheServiceIsAsked() {
		MvcTestResult result = postSchedule("platform", """
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session","deadline":"friday"}]}""");

		assertProblem(result, 400, "malformed-body");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().contains("deadline");
		verifyNoInteractions(this.schedules);
	}

	@Test
	void anUnknownScheduleIsNotFound() {
		given(this.schedules.get(any(), eq("platform"), eq("sch_1")))
			.willThrow(new UnknownSchedule("platform", "sch_1"));

		MvcTestResult result = this.mvc.get()
			.uri("/teams/platform/schedules/sch_1")
			.header(HttpHeaders.AUTHORIZATION, AGENT)
			.exchange();

		assertProblem(result, 404, "not-found");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("sch_1");
	}

	/** What the real filters need and a slice does not make. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SecurityProperties.class, WebProperties.class })
	static class SliceBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
