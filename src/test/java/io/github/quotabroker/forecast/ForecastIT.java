package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The forecast endpoints over real PostgreSQL, with history fed through the ingest path.
 * The clock stands at Wed 2026-11-25 12:00 UTC.
 */
class ForecastIT extends IntegrationTestBase {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		// Weekly, resetting Monday 00:00 in Los Angeles (08:00 UTC): the window began
		// Mon 23 Nov 08:00 UTC, 52 hours ago, and resets Mon 30 Nov 08:00 UTC.
		this.api.calendarPool("weekly", 600, "WEEKLY", "00:00", "MONDAY", "America/Los_Angeles", "gpt-*");
		this.api.team("platform", "America/Los_Angeles");
		this.api.team("search", "Europe/Berlin");
		this.api.allocate("session", "platform");
		this.api.allocate("weekly", "platform");
		this.api.allocate("session", "search");
	}

	/**
	 * One event per hour for {@code hours} hours before now: {@code base} messages, plus
	 * {@code busy} from 09:00 to 17:59 UTC.
	 */
	private void history(String team, String model, int hours, int base, int busy) throws Exception {
		List<String> events = new ArrayList<>();
		for (int h = hours; h >= 1; h--) {
			Instant at = NOW.minus(Duration.ofHours(h)).plusSeconds(60);
			int hourOfDay = at.atOffset(ZoneOffset.UTC).getHour();
			long messages = base + ((hourOfDay >= 9 && hourOfDay < 18) ? busy : 0);
			events.add(io.github.quotabroker.support.Api
				.event(team + "-" + model + "-" + h, team, model, at.toString(), messages)
				.strip());
			if (events.size() == 500 || h == 1) {
				this.api.post("/usage-events", "[" + String.join(",", events) + "]").andExpect(status().isOk());
				events.clear();
			}
		}
	}

	@Test
	void fourWeeksOfHistoryUseHoltWintersAndThePoolRunsOutBeforeItsReset() throws Exception {
		// 5 per hour on average: 272 used in the 52 hours since the reset, 328 left, gone
		// on Sat 28 Nov, two days before the reset.
		history("platform", "gpt-5", 4 * 168, 2, 8);

		MvcResult result = this.api.get("/teams/platform/forecast?pool=weekly&horizon=P7D&step=PT1H")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.teamId").value("platform"))
			.andExpect(jsonPath("$.timezone").value("America/Los_Angeles"))
			.andExpect(jsonPath("$.horizon").value("PT168H"))
			.andExpect(jsonPath("$.pools", hasSize(1)))
			.andExpect(jsonPath("$.pools[0].model").value("HOLT_WINTERS"))
			.andExpect(jsonPath("$.pools[0].modelReason").value(containsString("Holt-Winters")))
			.andExpect(jsonPath("$.pools[0].calibrated").value(true))
			.andExpect(jsonPath("$.pools[0].series", hasSize(168)))
			.andExpect(jsonPath("$.pools[0].burnRate.recentWindow").value("PT1H"))
			.andExpect(jsonPath("$.pools[0].exhaustion.team.beforeReset").value(true))
			.andExpect(jsonPath("$.pools[0].exhaustion.pool.beforeReset").value(true))
			.andExpect(jsonPath("$.pools[0].projectionAtReset.nextReset").value("2026-11-30T08:00:00Z"))
			.andExpect(jsonPath("$.pools[0].projectionAtReset.willExceed").value(true))
			.andExpect(jsonPath("$.pools[0].pace.status").value("WARNING"))
			.andExpect(jsonPath("$.pools[0].advice.action").value("THROTTLE"))
			.andExpect(jsonPath("$.pools[0].advice.message")
				.value(containsString("to last until Mon 30 Nov 00:00 America/Los_Angeles")))
			.andReturn();
		var json = new tools.jackson.databind.ObjectMapper().readTree(result.getResponse().getContentAsString());
		var pool = json.get("pools").get(0);
		Instant p10 = Instant.parse(pool.get("exhaustion").get("pool").get("p10").asString());
		Instant p50 = Instant.parse(pool.get("exhaustion").get("pool").get("p50").asString());
		Instant p90 = Instant.parse(pool.get("exhaustion").get("pool").get("p90").asString());
		assertThat(p10).isBeforeOrEqualTo(p50);
		assertThat(p50).isBeforeOrEqualTo(p90);
		assertThat(p50).isBetween(Instant.parse("2026-11-27T12:00:00Z"), Instant.parse("2026-11-29T12:00:00Z"));
		// Pace against the team's share (the whole pool here): 272 used against
		// 600 × 52/168 ≈ 186 due.
		assertThat(pool.get("pace").get("value").asDouble()).isBetween(1.3, 1.5);
		// The busy hours are seen: 10 expected at 12:00 UTC, 2 at 02:00 the next night.
		assertThat(pool.get("burnRate").get("expectedPerHour").asDouble()).isBetween(9.0, 11.0);
		assertThat(pool.get("series").get(14).get("mean").asDouble()).isBetween(1.0, 3.0);
		for (var point : pool.get("series")) {
			assertThat(point.get("lower95").asDouble()).isLessThanOrEqualTo(point.get("lower80").asDouble());
			assertThat(point.get("lower80").asDouble()).isLessThanOrEqualTo(point.get("mean").asDouble());
			assertThat(point.get("mean").asDouble()).isLessThanOrEqualTo(point.get("upper80").asDouble());
			assertThat(point.get("upper80").asDouble()).isLessThanOrEqualTo(point.get("upper95").asDouble());
		}
	}

	@Test
	void aRollingPoolAtASteadyPaceNeverRunsOutAndSaysSo() throws Exception {
		history("platform", "claude-sonnet-4", 4 * 168, 10, 0);

		this.api.get("/teams/platform/forecast?pool=session&horizon=P2D&step=PT6H")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].series", hasSize(8)))
			.andExpect(jsonPath("$.pools[0].exhaustion.team.p50").doesNotExist())
			.andExpect(jsonPath("$.pools[0].exhaustion.team.beforeReset").doesNotExist())
			.andExpect(jsonPath("$.pools[0].exhaustion.team.note").value(containsString("never runs out")))
			.andExpect(jsonPath("$.pools[0].projectionAtReset").doesNotExist())
			.andExpect(jsonPath("$.pools[0].burnRate.recentPerHour").value(10))
			.andExpect(jsonPath("$.pools[0].advice.action").value("CONTINUE"));
	}

	@Test
	void aTeamWithAFewDaysFallsBackToThePoolsPatternOrToAnEwmaOfDailyTotals() throws Exception {
		history("platform", "claude-sonnet-4", 4 * 168, 10, 0);
		history("search", "claude-sonnet-4", 72, 5, 0);
		this.api.get("/teams/search/forecast?pool=session")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].model").value("POOL_PATTERN"))
			.andExpect(jsonPath("$.pools[0].modelReason").value(containsString("scaled by the team's share")));

		history("platform", "gpt-5", 72, 5, 0);
		this.api.get("/teams/platform/forecast?pool=weekly")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].model").value("EWMA_DAILY"))
			.andExpect(jsonPath("$.pools[0].series[0].mean").value(5));
	}

	@Test
	void noHistoryIsAnAnswerThatSaysSo() throws Exception {
		this.api.get("/teams/platform/forecast")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools", hasSize(2)))
			.andExpect(jsonPath("$.pools[0].model").value("NO_HISTORY"))
			.andExpect(jsonPath("$.pools[0].modelReason").value(containsString("less than a day")))
			.andExpect(jsonPath("$.pools[0].exhaustion.team.p50").doesNotExist())
			.andExpect(jsonPath("$.pools[0].exhaustion.team.note").value(containsString("no history")))
			.andExpect(jsonPath("$.pools[0].advice.action").value("CONTINUE"));
	}

	@Test
	void thePoolsForecastHasThePoolAndOneEntryPerTeam() throws Exception {
		history("platform", "claude-sonnet-4", 4 * 168, 10, 0);
		this.api.get("/pools/session/forecast?horizon=P1D")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.poolId").value("session"))
			.andExpect(jsonPath("$.pool.teamId").doesNotExist())
			.andExpect(jsonPath("$.pool.model").value("HOLT_WINTERS"))
			.andExpect(jsonPath("$.pool.series", hasSize(24)))
			.andExpect(jsonPath("$.pool.exhaustion.team").doesNotExist())
			.andExpect(jsonPath("$.teams", hasSize(2)))
			.andExpect(jsonPath("$.teams[*].teamId")
				.value(org.hamcrest.Matchers.containsInAnyOrder("platform", "search")));
	}

	@Test
	void usageLandingLateInACompleteHourMovesTheFit() throws Exception {
		history("platform", "gpt-5", 3, 5, 0);
		history("platform", "gpt-5", 0, 0, 0);
		this.api.get("/teams/platform/forecast?pool=weekly")
			.andExpect(jsonPath("$.pools[0].model").value("NO_HISTORY"));
		// A day and more of usage, recorded late but within the last day's hours.
		List<String> events = new ArrayList<>();
		for (int h = 1; h <= 23; h++) {
			events.add(io.github.quotabroker.support.Api
				.event("late-" + h, "platform", "gpt-5", NOW.minus(Duration.ofHours(h)).toString(), 4)
				.strip());
		}
		events.add(io.github.quotabroker.support.Api
			.event("late-old", "platform", "gpt-5", NOW.minus(Duration.ofHours(30)).toString(), 4)
			.strip());
		this.api.post("/usage-events", "[" + String.join(",", events) + "]").andExpect(status().isOk());
		this.api.get("/teams/platform/forecast?pool=weekly")
			.andExpect(jsonPath("$.pools[0].model").value("EWMA_DAILY"));
	}

	@Test
	void badInputIsRefusedNamingTheParameter() throws Exception {
		this.api.get("/teams/platform/forecast?horizon=P32D")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("horizon"));
		this.api.get("/teams/platform/forecast?horizon=PT0S")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("horizon"));
		this.api.get("/teams/platform/forecast?horizon=soon")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("horizon"));
		// 31 days in minutes: 44 640 points.
		this.api.get("/teams/platform/forecast?horizon=P31D&step=PT1M")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("step"));
		this.api.get("/teams/platform/forecast?step=PT30S")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("step"));
		this.api.get("/pools/session/forecast?horizon=P40D")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("horizon"));
	}

	@Test
	void unknownTeamsAndPoolsAreNotFound() throws Exception {
		this.api.get("/teams/nobody/forecast")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/teams/search/forecast?pool=weekly")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
		this.api.get("/pools/nope/forecast")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType("application/problem+json"));
	}

}
