package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Compaction keeps every read exact (issue #17): availability now and as of past
 * instants, usage history by team, member and model at hour and minute steps, and
 * forecasts give the same JSON before and after retention compacts old minute buckets,
 * whether the instant or range lies after the minute horizon (minute buckets), before it
 * (the ledger stands in) or across it.
 */
@TestPropertySource(properties = "quota.retention.batch-size=50")
class RetentionCompactionIT extends IntegrationTestBase {

	static final Instant START = TestBeans.START;

	@Autowired
	UsageRetention retention;

	@Autowired
	RetentionStore store;

	@BeforeEach
	void poolsOfEveryKindAndTwentyDaysOfUsage() throws Exception {
		this.api.rollingPool("session", 900, "PT5H", "claude-*");
		// Ten days: the longest rolling window, so minutes are kept 11 days (margin P1D).
		this.api.rollingPool("fortnight", 20000, "P10D", "claude-*");
		// Kolkata is UTC+05:30: these windows start half past an hour in UTC, so their
		// first
		// minutes are read by minute.
		this.api.calendarPool("weekly", 15000, "WEEKLY", "00:00", "THURSDAY", "Asia/Kolkata", "claude-*");
		this.api.calendarPool("monthly", 50000, "MONTHLY", "00:00", 1, "Asia/Kolkata", "claude-opus-*");
		this.api.team("platform", "UTC");
		this.api.team("berlin", "Europe/Berlin");
		for (String pool : List.of("session", "fortnight", "weekly", "monthly")) {
			this.api.allocate(pool, "platform");
			this.api.allocate(pool, "berlin");
		}
		post(history(START.minus(Duration.ofDays(20)), START, 37, "h"));
	}

	/**
	 * Events every {@code everyMinutes} (give or take) in [from, to), seconds and teams
	 * varied.
	 */
	static List<String> history(Instant from, Instant to, int everyMinutes, String prefix) {
		Random random = new Random(17);
		List<String> events = new ArrayList<>();
		int i = 0;
		for (Instant t = from; t.isBefore(to); t = t.plusSeconds(everyMinutes * 60L + random.nextInt(600))) {
			String team = (i % 3 == 0) ? "berlin" : "platform";
			String model = (i % 4 == 0) ? "claude-opus-4" : "claude-sonnet-4";
			String member = (i % 5 == 0) ? null : "member-" + (i % 3);
			events
				.add(event(prefix + i, team, model, member, t.plusSeconds(random.nextInt(60)), 1 + random.nextInt(3)));
			i++;
		}
		return events;
	}

	static String event(String id, String team, String model, String member, Instant at, long messages) {
		return """
				{"eventId":"%s","teamId":"%s","model":"%s",%s"occurredAt":"%s","messages":%d,"inputTokens":100,"outputTokens":50}
				"""
			.formatted(id, team, model, (member == null) ? "" : "\"memberId\":\"" + member + "\",", at, messages);
	}

	void post(List<String> events) throws Exception {
		for (int i = 0; i < events.size(); i += 500) {
			this.api
				.post("/usage-events",
						"[" + String.join(",", events.subList(i, Math.min(events.size(), i + 500))) + "]")
				.andExpect(status().isOk());
		}
	}

	/**
	 * The minute horizon the settings give now: 10 days of the longest window plus a day.
	 */
	static final Instant HORIZON = Instant.parse("2026-11-14T12:00:00Z");

	static final List<String> READS = List.of("/teams/platform/availability", "/teams/berlin/availability",
			// after the horizon, on a second within its minute
			"/teams/platform/availability?at=2026-11-22T09:13:17Z",
			// before it: the ledger stands in for the window's first and last minutes
			"/teams/platform/availability?at=2026-11-13T08:53:41Z",
			"/teams/berlin/availability?at=2026-11-07T23:59:59Z",
			// the horizon's own hour, either side of it
			"/teams/berlin/availability?at=2026-11-14T11:59:30Z", "/teams/berlin/availability?at=2026-11-14T12:00:30Z",
			"/pools/session/usage?from=2026-11-05T00:00:00Z&to=2026-11-25T12:00:00Z&groupBy=team&step=PT1H",
			"/pools/fortnight/usage?from=2026-11-12T00:00:00Z&to=2026-11-13T00:00:00Z&groupBy=team&step=PT15M",
			"/pools/fortnight/usage?from=2026-11-14T09:07:00Z&to=2026-11-14T15:07:00Z&groupBy=team&step=PT5M",
			"/pools/weekly/usage?from=2026-11-13T10:00:00Z&to=2026-11-15T10:00:00Z&groupBy=team&step=PT1M",
			"/pools/session/usage?from=2026-11-10T00:00:00Z&to=2026-11-17T00:00:00Z&groupBy=member&step=PT30M",
			"/pools/monthly/usage?from=2026-11-10T00:00:00Z&to=2026-11-17T00:00:00Z&groupBy=model&step=PT1H",
			"/pools/session/forecast", "/pools/monthly/forecast", "/teams/platform/forecast", "/teams/berlin/forecast");

	Map<String, String> answers() throws Exception {
		Map<String, String> answers = new LinkedHashMap<>();
		for (String read : READS) {
			answers.put(read,
					this.api.get(read).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
		}
		return answers;
	}

	long minuteBucketsBefore(Instant instant) {
		return this.jdbc.sql("select count(*) from usage_minute_buckets where bucket_start < ?")
			.param(UsageLedger.utc(instant))
			.query(Long.class)
			.single();
	}

	@Test
	void everyReadGivesTheSameAnswerBeforeAndAfterCompaction() throws Exception {
		Map<String, String> before = answers();
		long old = minuteBucketsBefore(HORIZON);
		long hourRows = this.ledger.hourBuckets();
		long events = this.ledger.events();
		assertThat(old).isGreaterThan(1000);

		UsageRetention.Run run = this.retention.runOnce();

		assertThat(run.ran()).isTrue();
		assertThat(run.complete()).isTrue();
		assertThat(run.minutesCompacted()).isEqualTo(old);
		assertThat(minuteBucketsBefore(HORIZON)).isZero();
		assertThat(this.ledger.minuteBuckets()).isPositive();
		assertThat(this.store.minutesFrom()).isEqualTo(HORIZON);
		assertThat(this.ledger.hourBuckets()).isEqualTo(hourRows);
		assertThat(this.ledger.events()).isEqualTo(events);
		Map<String, String> after = answers();
		for (String read : READS) {
			assertThat(after.get(read)).as(read).isEqualTo(before.get(read));
		}
	}

	@Test
	void aSecondRunFindsNothingMoreToCompact() {
		this.retention.runOnce();

		UsageRetention.Run again = this.retention.runOnce();

		assertThat(again.ran()).isTrue();
		assertThat(again.minutesCompacted() + again.hoursDeleted() + again.ledgerDeleted()).isZero();
	}

	@Test
	void compactionMovesWithTheClockAndAnswersStayTheSame() throws Exception {
		this.retention.runOnce();
		this.clock.advance(Duration.ofDays(2));
		Map<String, String> before = answers();
		long old = minuteBucketsBefore(HORIZON.plus(Duration.ofDays(2)));

		UsageRetention.Run run = this.retention.runOnce();

		assertThat(run.minutesCompacted()).isEqualTo(old).isPositive();
		assertThat(this.store.minutesFrom()).isEqualTo(HORIZON.plus(Duration.ofDays(2)));
		assertThat(answers()).isEqualTo(before);
	}

}
