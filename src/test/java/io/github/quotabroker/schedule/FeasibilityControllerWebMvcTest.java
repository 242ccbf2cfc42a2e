package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.quotabroker.security.ApiKeyService;
import io.github.quotabroker.security.SecurityProperties;
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
 * The sprint feasibility endpoint's HTTP edge without a database: parsing, the
 * problem+json answer of each error path, and the access rule in front of it. The service
 * is a mock; the API-key filter and the access interceptor are the real ones.
 */
@WebMvcTest(controllers = FeasibilityController.class,
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/slices-have-no-database" })
@Import(FeasibilityControllerWebMvcTest.SliceBeans.class)
class FeasibilityControllerWebMvcTest {

	static final String PROBLEMS = "https://quota-broker.github.io/problems/";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	FeasibilityService feasibility;

	@MockitoBean
	ApiKeyService keys;

	@BeforeEach
	void keys() {
		willThrow(new Unauthorized("Unknown or revoked API key")).given(this.keys).authenticate(anyString());
		willReturn(new Caller("k-agent", Role.AGENT, "platform", () -> Set.of("session"))).given(this.keys)
			.authenticate("agent-key");
	}

	MvcTestResult post(String team, String json) {
		return this.mvc.post()
			.uri("/teams/" + team + "/plans/feasibility")
			.header(HttpHeaders.AUTHORIZATION, "Bearer agent-key")
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)
			.exchange();
	}

	static void assertProblem(MvcTestResult result, int status, String slug) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + slug);
	}

	@Test
	void theTeamsOwnKeyIsAnsweredWhatTheServiceAssessed() {
		given(this.feasibility.assess(any(), eq("platform"), any())).willReturn(new FeasibilityResponse("platform",
				"Europe/Berlin", Instant.parse("2026-11-25T12:00:00Z"), Instant.parse("2026-11-26T12:00:00Z"),
				new BigDecimal("1.3"), BigDecimal.ONE, true, 5L, null, "mean use", List.of()));

		MvcTestResult result = post("platform", """
				{"days":1,"storyPoints":1}""");

		assertThat(result).hasStatus(200);
		assertThat(result).bodyJson().extractingPath("$.feasible").isEqualTo(true);
		// What is not known is left out, not written as null.
		assertThat(result).bodyJson().doesNotHavePath("$.runsOutOn");
	}

	@Test
	void anotherTeamsSprintIsForbiddenBeforeTheServiceIsAsked() {
		assertProblem(post("research", """
				{"days":1,"storyPoints":1}"""), 403, "forbidden");
		verifyNoInteractions(this.feasibility);
	}

	@Test
	void aBodyOfTheWrongShapeNamesTheField() {
		MvcTestResult result = post("platform", """
				{"days":"two","storyPoints":1}""");

		assertProblem(result, 400, "malformed-body");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("days");
		verifyNoInteractions(this.feasibility);
	}

	@Test
	void whatTheServiceRefusesIsAProblem() {
		given(this.feasibility.assess(any(), eq("platform"), any()))
			.willThrow(new InvalidRequest("uncertainty", "must be from 1 to 10"));

		MvcTestResult result = post("platform", """
				{"days":1,"storyPoints":1,"uncertainty":0.5}""");

		assertProblem(result, 400, "validation");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("uncertainty");
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
