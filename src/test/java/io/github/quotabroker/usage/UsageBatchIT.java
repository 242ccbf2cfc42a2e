package io.github.quotabroker.usage;

import java.nio.charset.StandardCharsets;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static io.github.quotabroker.support.Api.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A batch of usage events is recorded completely or not at all. */
class UsageBatchIT extends IntegrationTestBase {

	private static final String PROBLEM_JSON = "application/problem+json";

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "Europe/Berlin");
		this.api.allocate("session", "platform");
	}

	@Test
	void aBatchWithSeveralInvalidItemsNamesEveryBadItemAndWritesNothing() throws Exception {
		String batch = "[" + event("ok-0", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 1) + "," + """
				{"eventId":"bad-1","teamId":"platform","occurredAt":"2026-11-25T11:00:00Z"}
				""" + "," + event("ok-2", "platform", "claude-sonnet-4", "2026-11-25T11:01:00Z", 2) + "," + """
				{"eventId":"bad-3","teamId":"platform","model":"claude-sonnet-4","occurredAt":"yesterday","messages":-1}
				""" + ","
				+ """
						{"eventId":"bad 4","teamId":"no such team!","model":"claude-sonnet-4","occurredAt":"2026-11-25T11:00:00Z"}
						"""
				+ "]";
		this.api.post("/usage-events", batch)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/validation"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.retryable").value(false))
			.andExpect(jsonPath("$.errors", hasSize(5)))
			.andExpect(jsonPath("$.errors[?(@.index == 1 && @.field == 'model')]").exists())
			.andExpect(jsonPath("$.errors[?(@.index == 3 && @.field == 'occurredAt')]").exists())
			.andExpect(jsonPath("$.errors[?(@.index == 3 && @.field == 'messages')]").exists())
			.andExpect(jsonPath("$.errors[?(@.index == 4 && @.field == 'eventId')]").exists())
			.andExpect(jsonPath("$.errors[?(@.index == 4 && @.field == 'teamId')]").exists())
			.andExpect(jsonPath("$.errors[?(@.index == 0)]").isEmpty())
			.andExpect(jsonPath("$.errors[?(@.index == 2)]").isEmpty());
		assertThat(this.ledger.events()).isZero();
		assertThat(this.ledger.minuteBuckets()).isZero();
		assertThat(this.ledger.hourBuckets()).isZero();
	}

	@Test
	void aBatchWithOneEventIdConflictIsRefusedWithoutWritingAnyOfItsEvents() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 3).andExpect(status().isOk());
		long rowsBefore = this.ledger.allRows();
		String batch = "[" + event("e2", "platform", "claude-sonnet-4", "2026-11-25T11:10:00Z", 5) + ","
				+ event("e1", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 4) + ","
				+ event("e3", "platform", "claude-opus-4", "2026-11-25T11:20:00Z", 7) + "]";
		this.api.post("/usage-events", batch)
			.andExpect(status().isConflict())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/conflict"))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].index").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("eventId"));
		assertThat(this.ledger.events()).isEqualTo(1);
		assertThat(this.ledger.hasEvent("e2")).isFalse();
		assertThat(this.ledger.hasEvent("e3")).isFalse();
		assertThat(this.ledger.allRows()).isEqualTo(rowsBefore);
		assertThat(this.ledger.bucketAmount("minute", "session")).isEqualTo(3);
		assertThat(this.ledger.bucketAmount("hour", "session")).isEqualTo(3);
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(3));
	}

	@Test
	void duplicatesInsideOneBatchCountOnce() throws Exception {
		String e = event("twice", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 6);
		this.api.post("/usage-events", "[" + e + "," + e + "]")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recorded").value(1))
			.andExpect(jsonPath("$.duplicates").value(1))
			.andExpect(jsonPath("$.events[0].status").value("RECORDED"))
			.andExpect(jsonPath("$.events[1].status").value("DUPLICATE"))
			.andExpect(jsonPath("$.events[1].countedAgainst[0]").value("session"));
		assertThat(this.ledger.events()).isEqualTo(1);
		assertThat(this.ledger.bucketAmount("minute", "session")).isEqualTo(6);
		assertThat(this.ledger.bucketEvents("minute", "session")).isEqualTo(1);
		assertThat(this.ledger.bucketAmount("hour", "session")).isEqualTo(6);
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(6));
	}

	@Test
	void twoDifferentEventsUnderOneIdInsideOneBatchAreAConflict() throws Exception {
		this.api
			.post("/usage-events",
					"[" + event("same", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 6) + ","
							+ event("same", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 7) + "]")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors[0].index").value(1));
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void anEventWhoseModelMatchesNoPoolIsRecordedAgainstNoPool() throws Exception {
		this.api.usage("gpt", "platform", "gpt-5", "2026-11-25T11:00:00Z", 2)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recorded").value(1))
			.andExpect(jsonPath("$.events[0].status").value("RECORDED"))
			.andExpect(jsonPath("$.events[0].countedAgainst").isArray())
			.andExpect(jsonPath("$.events[0].countedAgainst").isEmpty());
		assertThat(this.ledger.hasEvent("gpt")).isTrue();
		assertThat(this.jdbc.sql("select cardinality(counted_pools) from usage_events where event_id = 'gpt'")
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.ledger.minuteBuckets()).isZero();
		this.api.get("/teams/platform/availability").andExpect(jsonPath("$.pools[0].used").value(0));
	}

	@Test
	void anUnknownTeamIsNotFoundByNameAndNothingOfTheBatchIsWritten() throws Exception {
		String batch = "[" + event("a", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 1) + ","
				+ event("b", "ghosts", "claude-sonnet-4", "2026-11-25T11:00:00Z", 1) + "]";
		this.api.post("/usage-events", batch)
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/not-found"))
			.andExpect(jsonPath("$.detail", containsString("ghosts")))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].index").value(1))
			.andExpect(jsonPath("$.errors[0].field").value("teamId"))
			.andExpect(jsonPath("$.errors[0].message", containsString("ghosts")));
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void anEventMoreThanFiveMinutesInTheFutureIsRefused() throws Exception {
		this.api.usage("late", "platform", "claude-sonnet-4", "2026-11-25T12:05:00.001Z", 1)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("occurredAt"))
			.andExpect(jsonPath("$.errors[0].index").doesNotExist());
		assertThat(this.ledger.allRows()).isZero();
		this.api.usage("edge", "platform", "claude-sonnet-4", "2026-11-25T12:05:00Z", 1).andExpect(status().isOk());
		assertThat(this.ledger.events()).isEqualTo(1);
	}

	@Test
	void malformedJsonIsAProblem() throws Exception {
		this.api.post("/usage-events", "{\"eventId\":\"x\",")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/malformed-body"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").exists())
			.andExpect(jsonPath("$.detail").exists());
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void anUnacceptableAcceptHeaderIsRefusedBeforeAnythingIsRecorded() throws Exception {
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/usage-events")
				.contentType("application/json")
				.accept("text/csv")
				.content(Api.event("e-csv", "platform", "claude-sonnet-4", "2026-11-25T11:59:00Z", 1)))
			.andExpect(status().isNotAcceptable());
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void aPlainTextBodyIsAnUnsupportedMediaType() throws Exception {
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/usage-events")
				.contentType("text/plain")
				.content(Api.event("e-text", "platform", "claude-sonnet-4", "2026-11-25T11:59:00Z", 1)))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(PROBLEM_JSON));
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void anUnknownFieldIsRefusedByName() throws Exception {
		this.api
			.post("/usage-events",
					"""
							[{"eventId":"u1","teamId":"platform","model":"claude-sonnet-4","occurredAt":"2026-11-25T11:00:00Z","tokens":5}]
							""")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].index").value(0))
			.andExpect(jsonPath("$.errors[0].field").value("tokens"));
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void aBodyOverOneMebibyteWithContentLengthIsTooLarge() throws Exception {
		byte[] body = oversizedBatch();
		this.mvc
			.perform(MockMvcRequestBuilders.post("/usage-events")
				.contentType(MediaType.APPLICATION_JSON)
				.header("Content-Length", body.length)
				.content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/body-too-large"))
			.andExpect(jsonPath("$.status").value(413));
		assertThat(this.ledger.allRows()).isZero();
	}

	@Test
	void aBodyOfExactlyOneMebibyteIsRead() throws Exception {
		String one = event("fits", "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 1).strip();
		byte[] body = (one + " ".repeat(1024 * 1024 - one.length())).getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(1024 * 1024);
		this.api.post("/usage-events", body).andExpect(status().isOk());
		assertThat(this.ledger.events()).isEqualTo(1);
	}

	@Test
	void anUnmappedPathIsANotFoundProblem() throws Exception {
		this.api.get("/no/such/thing")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/not-found"))
			.andExpect(jsonPath("$.status").value(404));
	}

	@Test
	void aWrongMethodIsAMethodNotAllowedProblem() throws Exception {
		this.api.delete("/usage-events")
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/method-not-allowed"))
			.andExpect(jsonPath("$.status").value(405));
	}

	/** A syntactically valid batch just over 1 MiB. */
	static byte[] oversizedBatch() {
		StringBuilder s = new StringBuilder("[");
		int i = 0;
		while (s.length() <= 1024 * 1024) {
			s.append(i == 0 ? "" : ",")
				.append(event("big-" + i, "platform", "claude-sonnet-4", "2026-11-25T11:00:00Z", 1).strip());
			i++;
		}
		return s.append("]").toString().getBytes(StandardCharsets.UTF_8);
	}

}
