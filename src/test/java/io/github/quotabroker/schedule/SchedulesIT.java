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
 * {@code /teams/{teamId}/schedules} against PostgreSQL with the test clock (Wednesday
 * 2026-11-25 12:00 UTC): placements by deadline and dependency with capacity consumed,
 * stored for GET, the best-value subset, reserve all or none, DELETE, every bad input,
 * and two instances racing for the last capacity.
 */
class SchedulesIT extends HttpIntegrationTestBase {

	@Autowired
	Environment environment;

	@BeforeEach
	void setUp() throws Exception {
		// 100 messages per 5 hours, 10 % kept free: window reservations may fill it to
		// 90.
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.calendarPool("weekly", 1000, "WEEKLY", "09:00", "MONDAY", "UTC", "claude-*");
		this.api.put("/teams/platform", """
				{"name":"platform","timezone":"Europe/Berlin","members":[{"id":"bo","timezone":"America/New_York"}]}
				""").andExpect(status().is2xxSuccessful());
		this.api.allocate("session", "platform");
		this.api.allocate("weekly", "platform");
		// 70 used at 11:00 count until 16:01: 20 free until then.
		this.api.usage("u-1", "platform", "claude-opus", "2026-11-25T11:00:00Z", 70).andExpect(status().isOk());
	}

	private static final String THREE_TASKS = """
			{"tasks":[
			  {"name":"build","estimatedAmount":20,"duration":"PT1H","pool":"session"},
			  {"name":"test","estimatedAmount":10,"duration":"PT1H","pool":"session","dependsOn":["build"]},
			  {"name":"urgent","estimatedAmount":15,"duration":"PT30M","pool":"session",
			   "deadline":"2026-11-25T14:00:00Z","priority":"HIGH"}
			]%s}
			""";

	@Test
	void tasksArePlacedByDeadlineAfterWhatTheyDependOnEachConsumingCapacity() throws Exception {
		String body = this.api.post("/teams/platform/schedules", THREE_TASKS.formatted(""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.allFit").value(true))
			.andExpect(jsonPath("$.placements", hasSize(3)))
			// 15 of the 20 free before 16:01 go to the urgent task; build needs 20, so it
			// waits for the roll-off, and test follows it.
			.andExpect(jsonPath("$.placements[0].task").value("urgent"))
			.andExpect(jsonPath("$.placements[0].start").value("2026-11-25T12:01:00Z"))
			.andExpect(jsonPath("$.placements[0].teamLocal.start").value("2026-11-25T13:01:00+01:00"))
			.andExpect(jsonPath("$.placements[0].left[0].margin").value(5))
			.andExpect(jsonPath("$.placements[1].task").value("build"))
			.andExpect(jsonPath("$.placements[1].start").value("2026-11-25T16:01:00Z"))
			.andExpect(jsonPath("$.placements[2].task").value("test"))
			.andExpect(jsonPath("$.placements[2].start").value("2026-11-25T17:01:00Z"))
			.andExpect(jsonPath("$.infeasible", hasSize(0)))
			.andExpect(jsonPath("$.bestValue").doesNotExist())
			.andExpect(jsonPath("$.pools[0].poolId").value("session"))
			.andExpect(jsonPath("$.reservations", hasSize(0)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		// A pure read of quota: nothing was booked; the schedule is kept.
		assertThat(scheduled()).isZero();
		String id = JsonPath.read(body, "$.id");
		this.api.get("/teams/platform/schedules/" + id)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(id))
			.andExpect(jsonPath("$.placements[1].start").value("2026-11-25T16:01:00Z"));
	}

	@Test
	void whenNotAllFitTheInfeasibleSayWhyAndTheBestValueSubsetIsGiven() throws Exception {
		this.api
			.post("/teams/platform/schedules",
					"""
							{"tasks":[
							  {"name":"big","estimatedAmount":80,"duration":"PT1H","pool":"session",
							   "deadline":"2026-11-25T15:00:00Z","priority":"CRITICAL"},
							  {"name":"after-big","estimatedAmount":5,"duration":"PT1H","pool":"session","dependsOn":["big"]},
							  {"name":"late","estimatedAmount":5,"duration":"PT2H","pool":"session","deadline":"2026-11-25T13:00:00Z"},
							  {"name":"small","estimatedAmount":10,"duration":"PT1H","model":"claude-opus"}
							]}
							""")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.allFit").value(false))
			.andExpect(jsonPath("$.placements[*].task").value(org.hamcrest.Matchers.contains("small")))
			.andExpect(jsonPath("$.placements[0].poolIds", hasSize(2)))
			.andExpect(jsonPath("$.infeasible[?(@.task=='big')].reason").value("QUOTA"))
			.andExpect(jsonPath("$.infeasible[?(@.task=='late')].reason").value("DEADLINE"))
			.andExpect(jsonPath("$.infeasible[?(@.task=='after-big')].reason").value("DEPENDENCY"))
			.andExpect(jsonPath("$.bestValue.exact").value(true))
			.andExpect(jsonPath("$.bestValue.totalValue").value(8 + 2 + 2 + 2))
			.andExpect(jsonPath("$.bestValue.tasks", org.hamcrest.Matchers.hasItems("big", "small")));
	}

	@Test
	void aTaskTypeIsEstimatedAsTheP90OfTheTeamsRuns() throws Exception {
		// Two runs of "review" yesterday: 5 and 10 messages; nearest-rank P90 is 10.
		for (String[] e : new String[][] { { "r1", "wf-a", "3" }, { "r2", "wf-a", "2" }, { "r3", "wf-b", "10" } }) {
			this.api.post("/usage-events", """
					{"eventId":"%s","teamId":"platform","model":"claude-opus","occurredAt":"2026-11-24T09:00:00Z",
					 "messages":%s,"workflowId":"%s","taskType":"review"}
					""".formatted(e[0], e[2], e[1])).andExpect(status().isOk());
		}
		this.api.post("/teams/platform/schedules", """
				{"tasks":[{"name":"review","taskType":"review","duration":"PT1H","pool":"session"}]}
				""")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.placements[0].amount").value(10))
			.andExpect(jsonPath("$.placements[0].start").value("2026-11-25T12:01:00Z"));
	}

	@Test
	void reserveBooksEveryPlacedTaskAndDeleteCancelsThem() throws Exception {
		String body = this.api.post("/teams/platform/schedules", THREE_TASKS.formatted(",\"reserve\":true"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.reservations", hasSize(3)))
			.andExpect(jsonPath("$.reservations[0].status").value("SCHEDULED"))
			.andExpect(jsonPath("$.reservations[0].startsAt").value("2026-11-25T12:01:00Z"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(scheduled()).isEqualTo(3);
		// The next plan sees the bookings: 60 fit only once the urgent task's 15 stop
		// counting at 17:31 (12:31 + 5 h), with build and test still holding 30.
		this.api.post("/teams/platform/schedules", """
				{"tasks":[{"name":"next","estimatedAmount":60,"duration":"PT1H","pool":"session"}]}
				""").andExpect(jsonPath("$.placements[0].start").value("2026-11-25T17:31:00Z"));
		String id = JsonPath.read(body, "$.id");
		this.api.delete("/teams/platform/schedules/" + id).andExpect(status().isNoContent());
		assertThat(scheduled()).isZero();
		this.api.get("/teams/platform/schedules/" + id)
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
	}

	@Test
	void reserveIsAllOrNoneWithTheStoredSchedule() throws Exception {
		// The schedule's row is written in the bookings' transaction: when it fails,
		// none of the bookings stays.
		this.jdbc.sql("""
				create function refuse_schedule() returns trigger language plpgsql as $$
				begin raise exception 'refused by the test'; end $$
				""").update();
		this.jdbc
			.sql("create trigger refuse before insert on schedules for each row execute function refuse_schedule()")
			.update();
		try {
			this.api.post("/teams/platform/schedules", THREE_TASKS.formatted(",\"reserve\":true"))
				.andExpect(status().is5xxServerError());
			assertThat(scheduled()).isZero();
		}
		finally {
			this.jdbc.sql("drop trigger refuse on schedules").update();
			this.jdbc.sql("drop function refuse_schedule()").update();
		}
	}

	@Test
	void badInputIsAProblemNamingTheField() throws Exception {
		StringBuilder many = new StringBuilder("{\"tasks\":[");
		for (int i = 0; i <= ScheduleService.MAX_TASKS; i++) {
			many.append(i > 0 ? "," : "")
				.append("{\"name\":\"t")
				.append(i)
				.append("\",\"estimatedAmount\":1,\"duration\":\"PT1M\",\"pool\":\"session\"}");
		}
		expectField(many.append("]}").toString(), "tasks");
		expectField("""
				{"tasks":[]}
				""", "tasks");
		expectField("""
				{"earliestStart":"2026-11-26T10:00:00Z",
				 "tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session",
				           "deadline":"2026-11-26T09:00:00Z"}]}
				""", "tasks[0].deadline");
		expectField("""
				{"horizonEnd":"2026-12-27T12:00:00Z",
				 "tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"}]}
				""", "horizonEnd");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"nowhere"}]}
				""", "tasks[0].pool");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","model":"llama-3"}]}
				""", "tasks[0].model");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"},
				          {"name":"b","estimatedAmount":1,"duration":"PT1H","pool":"session","dependsOn":["zz"]}]}
				""", "tasks[1].dependsOn");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session","dependsOn":["b"]},
				          {"name":"b","estimatedAmount":1,"duration":"PT1H","pool":"session","dependsOn":["a"]}]}
				""", "tasks[0].dependsOn");
		expectField("""
				{"tasks":[{"name":"a","duration":"PT1H","pool":"session"}]}
				""", "tasks[0].estimatedAmount");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT90S","pool":"session"}]}
				""", "tasks[0].duration");
		expectField("""
				{"tasks":[{"name":"a","taskType":"refactor","duration":"PT1H","pool":"session"}]}
				""", "tasks[0].taskType");
		expectField("""
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"},
				          {"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"}]}
				""", "tasks[1].name");
		this.api.post("/teams/nobody/schedules", """
				{"tasks":[{"name":"a","estimatedAmount":1,"duration":"PT1H","pool":"session"}]}
				""")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("nobody")));
		// An unknown schedule id is a 404 naming it, to read and to delete.
		this.api.get("/teams/platform/schedules/sch_unknown")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("sch_unknown")));
		this.api.delete("/teams/platform/schedules/sch_unknown")
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail", containsString("sch_unknown")));
	}

	private void expectField(String body, String field) throws Exception {
		this.api.post("/teams/platform/schedules", body)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value(field));
	}

	@Test
	void twoInstancesRacingForTheLastCapacityBookItOnce() throws Exception {
		ConfigurableApplicationContext second = SecondInstance.start(this.environment);
		try {
			second.getBean(MutableClock.class).set(this.clock.instant());
			int secondPort = SecondInstance.port(second);
			List<Http> instances = List.of(new Http(this.port), new Http(secondPort));
			// From 16:01 there is room for one 50 before the deadline, not two.
			String body = """
					{"earliestStart":"2026-11-25T16:00:00Z","reserve":true,
					 "tasks":[{"name":"run","estimatedAmount":50,"duration":"PT1H","pool":"session",
					           "deadline":"2026-11-25T20:00:00Z"}]}
					""";
			int clients = 8;
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				Http http = instances.get(c % 2);
				Callable<HttpResponse<String>> call = () -> {
					start.await();
					return http.post("/teams/platform/schedules", body);
				};
				answers.add(pool.submit(call));
			}
			start.countDown();
			int booked = 0;
			for (Future<HttpResponse<String>> f : answers) {
				HttpResponse<String> answer = f.get(60, TimeUnit.SECONDS);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
				List<Object> reservations = JsonPath.read(answer.body(), "$.reservations");
				if (!reservations.isEmpty()) {
					booked++;
					assertThat(JsonPath.<String>read(answer.body(), "$.placements[0].start"))
						.isEqualTo("2026-11-25T16:01:00Z");
				}
				else {
					assertThat(JsonPath.<String>read(answer.body(), "$.infeasible[0].reason")).isEqualTo("QUOTA");
				}
			}
			pool.shutdown();
			assertThat(booked).isEqualTo(1);
			assertThat(scheduled()).isEqualTo(1);
			assertThat(this.jdbc.sql("select count(*) from schedules").query(Long.class).single()).isEqualTo(8);
		}
		finally {
			second.close();
		}
	}

	private long scheduled() {
		return this.jdbc.sql("select count(*) from reservations where status = 'SCHEDULED'").query(Long.class).single();
	}

}
