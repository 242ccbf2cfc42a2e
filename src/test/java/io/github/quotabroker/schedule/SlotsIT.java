package io.github.quotabroker.schedule;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.SecondInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /teams/{teamId}/slots} against PostgreSQL with the test clock (Wednesday
 * 2026-11-25 12:00 UTC): slots after roll-off, in working hours, over several pools,
 * booked with {@code reserve}, every bad input, and two instances racing for the last
 * slot.
 */
class SlotsIT extends HttpIntegrationTestBase {

	@Autowired
	Environment environment;

	@BeforeEach
	void setUp() throws Exception {
		// 100 messages per 5 hours, 10 % kept free for people: window reservations may
		// fill it to 90.
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.calendarPool("weekly", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-*");
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"Europe/Berlin",
				 "members":[{"id":"ana","timezone":"Europe/Berlin","workingHours":"09:00-17:00"},
				            {"id":"bo","timezone":"America/New_York"}]}
				""").andExpect(status().is2xxSuccessful());
		this.api.allocate("session", "platform");
		this.api.allocate("weekly", "platform");
		// 70 used at 11:00 count until 16:01.
		this.api.usage("u-1", "platform", "claude-opus", "2026-11-25T11:00:00Z", 70).andExpect(status().isOk());
	}

	@Test
	void theEarliestSlotsFollowRollOffInUtcAndTheTeamsLocalTime() throws Exception {
		this.api.post("/teams/platform/slots", """
				{"poolId":"session","amount":30,"duration":"PT1H","deadline":"2026-11-26T12:00:00Z"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fits").value(true))
			.andExpect(jsonPath("$.slots", hasSize(3)))
			.andExpect(jsonPath("$.slots[0].start").value("2026-11-25T16:01:00Z"))
			.andExpect(jsonPath("$.slots[0].end").value("2026-11-25T17:01:00Z"))
			.andExpect(jsonPath("$.slots[0].teamLocal.zone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.slots[0].teamLocal.start").value("2026-11-25T17:01:00+01:00"))
			.andExpect(jsonPath("$.slots[0].memberLocal").doesNotExist())
			.andExpect(jsonPath("$.slots[0].margin").value(60))
			.andExpect(jsonPath("$.slots[1].start").value("2026-11-25T17:01:00Z"))
			.andExpect(jsonPath("$.reservations", hasSize(0)));
		// A pure read: nothing was booked.
		assertThat(scheduled()).isZero();
	}

	@Test
	void aSlotLeavesRoomForWhatOtherTeamsAreExpectedToUse() throws Exception {
		this.api.put("/teams/research", """
				{"name":"research","timezone":"Asia/Tokyo"}
				""").andExpect(status().is2xxSuccessful());
		this.api.allocate("session", "research");
		// Research used 320 in the Wednesday 20:00 UTC hour a week ago: 80 expected then,
		// counting until 02:00 (the hour's end and five hours). From 16:01, 30 for an
		// hour would still count at 20:00:
		// 110 of 90. It waits until research's hour stops counting.
		this.api.usage("r-1", "research", "claude-opus", "2026-11-18T20:10:00Z", 320).andExpect(status().isOk());
		this.api.post("/teams/platform/slots", """
				{"poolId":"session","amount":30,"duration":"PT1H","maxResults":1}
				""").andExpect(status().isOk()).andExpect(jsonPath("$.slots[0].start").value("2026-11-26T02:00:00Z"));
		// 10 fits beside it at once (80 with the 70 used, 90 at 20:00).
		this.api.post("/teams/platform/slots", """
				{"poolId":"session","amount":10,"duration":"PT1H","maxResults":1}
				""").andExpect(jsonPath("$.slots[0].start").value("2026-11-25T12:01:00Z"));
		// Research's own demand is not in its way: it waits only for the 70 to roll off.
		this.api.post("/teams/research/slots", """
				{"poolId":"session","amount":30,"duration":"PT1H","maxResults":1}
				""").andExpect(jsonPath("$.slots[0].start").value("2026-11-25T16:01:00Z"));
	}

	@Test
	void withinAMembersWorkingHoursTheSlotWaitsForHerMorning() throws Exception {
		// Ana works 09:00-17:00 Berlin (08:00-16:00 UTC): 16:01 UTC is after her day.
		this.api.post("/teams/platform/slots", """
				{"poolId":"session","amount":30,"duration":"PT1H","withinWorkingHoursOf":"ana","maxResults":1}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slots[0].start").value("2026-11-26T08:00:00Z"))
			.andExpect(jsonPath("$.slots[0].memberLocal.zone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.slots[0].memberLocal.start").value("2026-11-26T09:00:00+01:00"));
	}

	@Test
	void aModelLooksInEveryPoolItCountsAgainst() throws Exception {
		// The weekly pool has 1000 - 100 buffer - 70 used: 830; the session pool only
		// 90 after roll-off.
		this.api.post("/teams/platform/slots", """
				{"model":"claude-opus","amount":85,"duration":"PT30M","maxResults":1}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.poolIds[0]").value("session"))
			.andExpect(jsonPath("$.poolIds[1]").value("weekly"))
			.andExpect(jsonPath("$.slots[0].start").value("2026-11-25T16:01:00Z"))
			.andExpect(jsonPath("$.slots[0].margin").value(5))
			.andExpect(jsonPath("$.slots[0].pools[1].margin").value(745));
	}

	@Test
	void nothingBeforeTheDeadlineAnswersTheBestPartialAndWhy() throws Exception {
		this.api.post("/teams/platform/slots", """
				{"poolId":"session","amount":30,"duration":"PT1H","deadline":"2026-11-25T16:30:00Z"}
				""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fits").value(false))
			.andExpect(jsonPath("$.slots", hasSize(0)))
			.andExpect(jsonPath("$.bestPartial").value(20))
			.andExpect(jsonPath("$.reason", containsString("At most 20 MESSAGES of 30 MESSAGES fits")))
			.andExpect(jsonPath("$.reason", containsString("10% safety buffer")));
	}

	@Test
	void reserveBooksTheFirstSlotAndTheNextRequestSeesIt() throws Exception {
		String body = """
				{"poolId":"session","amount":50,"duration":"PT1H","reserve":true,"withinWorkingHoursOf":"team"}
				""";
		// Only ana has hours: her day starts 08:00 UTC tomorrow (50 fits from 16:01
		// today, after her day).
		String first = this.api.post("/teams/platform/slots", body)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slots[0].start").value("2026-11-26T08:00:00Z"))
			.andExpect(jsonPath("$.reservations", hasSize(1)))
			.andExpect(jsonPath("$.reservations[0].status").value("SCHEDULED"))
			.andExpect(jsonPath("$.reservations[0].startsAt").value("2026-11-26T08:00:00Z"))
			.andExpect(jsonPath("$.reservations[0].expiresAt").value("2026-11-26T09:00:00Z"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(first, "$.reservations[0].id");
		this.api.get("/reservations/" + id).andExpect(jsonPath("$.status").value("SCHEDULED"));
		// 50 + 50 is more than 90: the next one waits until the first stops counting
		// (09:00 + 5 h = 14:00 UTC, still in ana's day).
		this.api.post("/teams/platform/slots", body)
			.andExpect(jsonPath("$.slots[0].start").value("2026-11-26T14:00:00Z"))
			.andExpect(jsonPath("$.reservations[0].startsAt").value("2026-11-26T14:00:00Z"));
		assertThat(scheduled()).isEqualTo(2);
	}

	@Test
	void badInputIsAProblemNamingTheField() throws Exception {
		expectField("""
				{"poolId":"session","amount":30,"duration":"PT1H","earliestStart":"2026-11-26T10:00:00Z",
				 "deadline":"2026-11-26T09:00:00Z"}
				""", "deadline");
		expectField("""
				{"poolId":"session","amount":30,"duration":"PT1H","deadline":"2026-12-27T12:00:00Z"}
				""", "deadline");
		expectField("""
				{"poolId":"session","amount":0,"duration":"PT1H"}
				""", "amount");
		expectField("""
				{"poolId":"session","amount":-5,"duration":"PT1H"}
				""", "amount");
		expectField("""
				{"poolId":"session","amount":5,"duration":"PT90S"}
				""", "duration");
		expectField("""
				{"poolId":"session","amount":5,"duration":"PT1H","maxResults":0}
				""", "maxResults");
		expectField("""
				{"amount":5,"duration":"PT1H"}
				""", "poolId");
		expectField("""
				{"poolId":"session","amount":5,"duration":"PT1H","withinWorkingHoursOf":"zoe"}
				""", "withinWorkingHoursOf");
		// A member without working hours cannot bound a slot.
		expectField("""
				{"poolId":"session","amount":5,"duration":"PT1H","withinWorkingHoursOf":"bo"}
				""", "withinWorkingHoursOf");
		this.api.post("/teams/nobody/slots", """
				{"poolId":"session","amount":5,"duration":"PT1H"}
				""")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("nobody")));
		this.api.post("/teams/platform/slots", """
				{"poolId":"nowhere","amount":5,"duration":"PT1H"}
				""").andExpect(status().isNotFound()).andExpect(jsonPath("$.detail", containsString("nowhere")));
	}

	private void expectField(String body, String field) throws Exception {
		this.api.post("/teams/platform/slots", body)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value(field));
	}

	@Test
	void twoInstancesRacingForTheLastSlotBookItOnce() throws Exception {
		ConfigurableApplicationContext second = SecondInstance.start(this.environment);
		try {
			second.getBean(MutableClock.class).set(this.clock.instant());
			int secondPort = SecondInstance.port(second);
			List<Http> instances = List.of(new Http(this.port), new Http(secondPort));
			// From 16:01 there is room for one 50 before the deadline, not two.
			String body = """
					{"poolId":"session","amount":50,"duration":"PT1H","reserve":true,
					 "earliestStart":"2026-11-25T16:00:00Z","deadline":"2026-11-25T20:00:00Z"}
					""";
			int clients = 8;
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				Http http = instances.get(c % 2);
				Callable<HttpResponse<String>> call = () -> {
					start.await();
					return http.post("/teams/platform/slots", body);
				};
				answers.add(pool.submit(call));
			}
			start.countDown();
			int booked = 0;
			for (Future<HttpResponse<String>> f : answers) {
				HttpResponse<String> answer = f.get(60, TimeUnit.SECONDS);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				List<Object> reservations = JsonPath.read(answer.body(), "$.reservations");
				if (!reservations.isEmpty()) {
					booked++;
					assertThat(JsonPath.<String>read(answer.body(), "$.slots[0].start"))
						.isEqualTo("2026-11-25T16:01:00Z");
				}
				else {
					assertThat(JsonPath.<Boolean>read(answer.body(), "$.fits")).isFalse();
				}
			}
			pool.shutdown();
			assertThat(booked).isEqualTo(1);
			assertThat(scheduled()).isEqualTo(1);
		}
		finally {
			second.close();
		}
	}

	private long scheduled() {
		return this.jdbc.sql("select count(*) from reservations where status = 'SCHEDULED'").query(Long.class).single();
	}

}
