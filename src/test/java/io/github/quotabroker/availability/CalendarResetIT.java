package io.github.quotabroker.availability;

import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Calendar windows reset at a local wall-clock time, so their resets move in UTC across
 * the 2026 DST changes (US: March 8 and November 1; EU: March 29 and October 25).
 */
class CalendarResetIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.team("platform", "Asia/Tokyo");
	}

	@Test
	void aWeeklyNewYorkPoolResetsAtMidnightLocalTimeAcrossTheNovemberDstChange() throws Exception {
		pool("ny-weekly", "WEEKLY", "00:00", "SUNDAY", "America/New_York");
		// Sunday 2026-11-01 00:00 EDT is 04:00Z; the clocks go back at 02:00 that night.
		crossReset("ny-weekly", "2026-10-25T04:00:00Z", "2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z");
		// The week after, midnight EST is 05:00Z.
		crossReset("ny-weekly", "2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z", "2026-11-15T05:00:00Z");
	}

	@Test
	void aWeeklyNewYorkPoolResetsAtMidnightLocalTimeAcrossTheMarchDstChange() throws Exception {
		pool("ny-weekly", "WEEKLY", "00:00", "SUNDAY", "America/New_York");
		// Sunday 2026-03-08 00:00 EST is 05:00Z; the clocks go forward at 02:00 that
		// night.
		crossReset("ny-weekly", "2026-03-01T05:00:00Z", "2026-03-08T05:00:00Z", "2026-03-15T04:00:00Z");
		crossReset("ny-weekly", "2026-03-08T05:00:00Z", "2026-03-15T04:00:00Z", "2026-03-22T04:00:00Z");
	}

	@Test
	void aWeeklyBerlinPoolResetsOnMondayMidnightAcrossBothDstChanges() throws Exception {
		pool("berlin-weekly", "WEEKLY", "00:00", "MONDAY", "Europe/Berlin");
		// Monday 2026-03-30 00:00 CEST (after the March 29 change) is 2026-03-29T22:00Z.
		crossReset("berlin-weekly", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z", "2026-04-05T22:00:00Z");
		// Monday 2026-10-26 00:00 CET (after the October 25 change) is 2026-10-25T23:00Z.
		crossReset("berlin-weekly", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z", "2026-11-01T23:00:00Z");
	}

	@Test
	void aBerlinResetTimeInsideTheSpringGapHappensAtTheFirstValidTimeAfterIt() throws Exception {
		pool("berlin-night", "WEEKLY", "02:30", "SUNDAY", "Europe/Berlin");
		// 02:30 does not exist on 2026-03-29 in Berlin: the reset is at 03:30 CEST,
		// 01:30Z.
		crossReset("berlin-night", "2026-03-22T01:30:00Z", "2026-03-29T01:30:00Z", "2026-04-05T00:30:00Z");
	}

	@Test
	void aBerlinResetTimeInsideTheAutumnOverlapHappensAtItsFirstOccurrence() throws Exception {
		pool("berlin-night", "WEEKLY", "02:30", "SUNDAY", "Europe/Berlin");
		// 02:30 happens twice on 2026-10-25 in Berlin: first at 02:30 CEST, 00:30Z.
		crossReset("berlin-night", "2026-10-18T00:30:00Z", "2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z");
	}

	@Test
	void aMonthlyNewYorkPoolResetsOnTheFirstAcrossTheNovemberDstChange() throws Exception {
		pool("ny-monthly", "MONTHLY", "00:00", 1, "America/New_York");
		// November 1 00:00 is still EDT (04:00Z); December 1 00:00 is EST (05:00Z).
		crossReset("ny-monthly", "2026-10-01T04:00:00Z", "2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z");
		crossReset("ny-monthly", "2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z", "2027-01-01T05:00:00Z");
	}

	@Test
	void aMonthlyBerlinPoolResetsOnTheFirstAcrossBothDstChanges() throws Exception {
		pool("berlin-monthly", "MONTHLY", "00:00", 1, "Europe/Berlin");
		// April 1 00:00 CEST is 2026-03-31T22:00Z; March 1 00:00 CET was
		// 2026-02-28T23:00Z.
		crossReset("berlin-monthly", "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z", "2026-04-30T22:00:00Z");
		// November 1 00:00 CET is 2026-10-31T23:00Z; October 1 00:00 CEST was
		// 2026-09-30T22:00Z.
		crossReset("berlin-monthly", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z");
	}

	@Test
	void aMonthlyPoolWithALateResetDayStartsItsWindowInThePreviousMonth() throws Exception {
		pool("ny-28th", "MONTHLY", "09:00", 28, "America/New_York");
		// On 2026-11-25 the window began on October 28 at 09:00 EDT (13:00Z) and ends on
		// November 28 at 09:00 EST (14:00Z).
		this.api.get("/teams/platform/availability?pool=ny-28th")
			.andExpect(jsonPath("$.pools[0].windowStart").value("2026-10-28T13:00:00Z"))
			.andExpect(jsonPath("$.pools[0].nextReset").value("2026-11-28T14:00:00Z"));
	}

	/**
	 * Uses the pool just before {@code reset} and checks that the use counts up to the
	 * last instant of the window and not from the reset on.
	 */
	private void crossReset(String pool, String windowStart, String reset, String nextReset) throws Exception {
		Instant resetAt = Instant.parse(reset);
		String id = pool + "-" + resetAt.getEpochSecond();
		this.clock.set(resetAt.minusSeconds(90));
		long earlier = usedNow(pool);
		this.api.usage(id + "-before", "platform", "claude-sonnet-4", resetAt.minusSeconds(120).toString(), 7)
			.andExpect(status().isOk());
		this.clock.set(resetAt.minusMillis(1));
		expect(pool, earlier + 7, windowStart, reset);
		this.clock.set(resetAt);
		expect(pool, 0, reset, nextReset);
		this.api.usage(id + "-at", "platform", "claude-sonnet-4", reset, 2).andExpect(status().isOk());
		expect(pool, 2, reset, nextReset);
		this.clock.set(Instant.parse(nextReset).minusSeconds(1));
		expect(pool, 2, reset, nextReset);
	}

	private long usedNow(String pool) throws Exception {
		String body = this.api.get("/teams/platform/availability?pool=" + pool)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return ((Number) JsonPath.read(body, "$.pools[0].used")).longValue();
	}

	private void expect(String pool, long used, String windowStart, String nextReset) throws Exception {
		this.api.get("/teams/platform/availability?pool=" + pool)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pools[0].used").value(used))
			.andExpect(jsonPath("$.pools[0].teamUsed").value(used))
			.andExpect(jsonPath("$.pools[0].windowStart").value(windowStart))
			.andExpect(jsonPath("$.pools[0].nextReset").value(nextReset))
			.andExpect(used == 0 ? jsonPath("$.pools[0].recovery").isEmpty()
					: jsonPath("$.pools[0].recovery[0].freedBy").value(nextReset));
	}

	private void pool(String id, String period, String resetTime, Object resetDay, String zone) throws Exception {
		this.api.calendarPool(id, 100, period, resetTime, resetDay, zone, "*");
		this.api.allocate(id, "platform");
	}

}
