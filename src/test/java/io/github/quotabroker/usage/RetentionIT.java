package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static io.github.quotabroker.usage.RetentionCompactionIT.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Retention against a real PostgreSQL (issue #17): it deletes only what is older than
 * configured, one instance at a time (the lease), each row once even with two instances
 * at it, and ingest goes on meanwhile without loss or double counting.
 */
@TestPropertySource(properties = "quota.retention.batch-size=50")
class RetentionIT extends IntegrationTestBase {

	static final Instant START = TestBeans.START;

	@Autowired
	UsageRetention retention;

	@Autowired
	RetentionStore store;

	@Autowired
	UsageService usage;

	@Autowired
	MeterRegistry registry;

	@Autowired
	Environment environment;

	@Autowired
	TransactionTemplate transactions;

	private ConfigurableApplicationContext second;

	@AfterEach
	void stopSecond() {
		if (this.second != null) {
			this.second.close();
		}
	}

	void sessionPoolAndTeam() throws Exception {
		this.api.rollingPool("session", 900, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
	}

	void twentyDaysOfHistory() throws Exception {
		sessionPoolAndTeam();
		this.api.team("berlin", "Europe/Berlin");
		this.api.allocate("session", "berlin");
		List<String> events = RetentionCompactionIT.history(START.minus(Duration.ofDays(20)), START, 37, "h");
		for (int i = 0; i < events.size(); i += 500) {
			this.api
				.post("/usage-events",
						"[" + String.join(",", events.subList(i, Math.min(events.size(), i + 500))) + "]")
				.andExpect(status().isOk());
		}
	}

	long count(String sql, Object... params) {
		return this.jdbc.sql(sql).params(params).query(Long.class).single();
	}

	double counter(MeterRegistry registry, String name, String... tags) {
		var counter = registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@AfterEach
	void monthsDroppedByATestExistAgainForTheNext() {
		this.store.createPartitions(START.minus(Duration.ofDays(402)), START.plus(Duration.ofDays(120)));
	}

	@Test
	void retentionDeletesOnlyWhatIsOlderThanConfigured() throws Exception {
		sessionPoolAndTeam();
		Map<String, Instant> at = Map.of("e399", START.minus(Duration.ofDays(399)), "e392",
				START.minus(Duration.ofDays(392)), "e388", START.minus(Duration.ofDays(388)).plusSeconds(30), "e370",
				START.minus(Duration.ofDays(370)), "e10", START.minus(Duration.ofDays(10)), "e0",
				START.minusSeconds(30));
		for (Map.Entry<String, Instant> e : at.entrySet()) {
			this.api.post("/usage-events", event(e.getKey(), "platform", "claude-sonnet-4", null, e.getValue(), 1))
				.andExpect(status().isOk());
		}
		double ledgerBefore = counter(this.registry, "quota.retention.rows.deleted", "table", "usage_events");
		double hoursBefore = counter(this.registry, "quota.retention.rows.deleted", "table", "usage_hour_buckets");
		double minutesBefore = counter(this.registry, "quota.retention.minute.buckets.compacted");
		this.clock.advance(Duration.ofDays(13));
		Instant now = this.clock.instant();
		this.api.post("/usage-events", event("recent", "platform", "claude-sonnet-4", null, now.minusSeconds(30), 1))
			.andExpect(status().isOk());

		UsageRetention.Run run = this.retention.runOnce();

		// Ledger: kept 400 days (max-event-age) plus a day, longer than 13 months, so
		// rows before 2025-11-02T12:00Z may go: October 2025 goes as a whole month.
		assertThat(this.jdbc.sql("select event_id from usage_events order by occurred_at").query(String.class).list())
			.containsExactly("e388", "e370", "e10", "e0", "recent");
		assertThat(
				this.jdbc.sql("select event_id from usage_event_ids order by occurred_at").query(String.class).list())
			.containsExactly("e388", "e370", "e10", "e0", "recent");
		assertThat(count("select count(*) from pg_class where relname = 'usage_events_y2025m10'")).isZero();
		assertThat(count("select count(*) from pg_class where relname = 'usage_events_y2025m11'")).isOne();
		// Hour buckets: 13 months before now (2026-12-08T12:00Z) is 2025-11-08T12:00Z.
		assertThat(count("select count(*) from usage_hour_buckets")).isEqualTo(4);
		assertThat(count("select count(*) from usage_hour_buckets where bucket_start < '2025-11-08T12:00:00Z'"))
			.isZero();
		// Minute buckets: eight days.
		assertThat(count("select count(*) from usage_minute_buckets")).isEqualTo(1);
		assertThat(run).isEqualTo(new UsageRetention.Run(true, 6, 3, 2, true));
		assertThat(counter(this.registry, "quota.retention.rows.deleted", "table", "usage_events") - ledgerBefore)
			.isEqualTo(2);
		assertThat(counter(this.registry, "quota.retention.rows.deleted", "table", "usage_hour_buckets") - hoursBefore)
			.isEqualTo(3);
		assertThat(counter(this.registry, "quota.retention.minute.buckets.compacted") - minutesBefore).isEqualTo(6);
		// An event whose row went is refused as too old, never counted again; one
		// that is still accepted is still in the ledger and so a duplicate.
		this.api.post("/usage-events", event("e392", "platform", "claude-sonnet-4", null, at.get("e392"), 1))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
		this.api.post("/usage-events", event("e370", "platform", "claude-sonnet-4", null, at.get("e370"), 1))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.duplicates").value(1));
		assertThat(this.ledger.events()).isEqualTo(5);
		// An answer as of an instant whose window reaches back past what is kept is
		// refused rather than short; one after it is answered.
		this.api.get("/teams/platform/availability?at=" + START.minus(Duration.ofDays(391)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("at"));
		this.api.get("/teams/platform/availability?at=" + START.minus(Duration.ofDays(300))).andExpect(status().isOk());
	}

	@Test
	void aMonthThatADeadRunLeftDetachedIsStillDroppedAndItsIdsDeleted() throws Exception {
		sessionPoolAndTeam();
		this.api
			.post("/usage-events",
					event("old", "platform", "claude-sonnet-4", null, START.minus(Duration.ofDays(395)), 1))
			.andExpect(status().isOk());
		this.jdbc.sql("alter table usage_events detach partition usage_events_y2025m10").update();
		this.clock.advance(Duration.ofDays(20));

		UsageRetention.Run run = this.retention.runOnce();

		assertThat(run.ledgerDeleted()).isOne();
		assertThat(count("select count(*) from pg_class where relname = 'usage_events_y2025m10'")).isZero();
		assertThat(count("select count(*) from usage_event_ids where event_id = 'old'")).isZero();
	}

	@Test
	void nothingWithinRetentionIsDeletedAndTheLedgerStaysAppendOnlyOtherwise() throws Exception {
		twentyDaysOfHistory();
		long events = this.ledger.events();
		long hours = this.ledger.hourBuckets();

		this.retention.runOnce();

		assertThat(this.ledger.events()).isEqualTo(events);
		assertThat(this.ledger.hourBuckets()).isEqualTo(hours);
		// Outside a retention transaction a delete is still refused by the trigger.
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.jdbc.sql("delete from usage_events where event_id = 'h1'").update())
			.hasMessageContaining("append-only");
	}

	@Test
	void aLeaseHeldByAnotherInstanceIsRespectedUntilItRunsOut() throws Exception {
		twentyDaysOfHistory();
		long minutes = this.ledger.minuteBuckets();
		this.store.claim("another-instance", this.clock.instant(), this.clock.instant().plus(Duration.ofMinutes(6)));

		assertThat(this.retention.runOnce().ran()).isFalse();
		assertThat(this.ledger.minuteBuckets()).isEqualTo(minutes);

		// That instance died: its lease runs out and this one takes over.
		this.clock.advance(Duration.ofMinutes(6));
		UsageRetention.Run run = this.retention.runOnce();

		assertThat(run.ran()).isTrue();
		assertThat(run.minutesCompacted()).isPositive();
		assertThat(this.ledger.minuteBuckets()).isEqualTo(minutes - run.minutesCompacted());
	}

	@Test
	void anInstanceThatLostItsLeaseCanNoLongerRenewIt() {
		Instant now = this.clock.instant();
		assertThat(this.store.claim("a", now, now.plusSeconds(60))).isTrue();
		assertThat(this.store.claim("b", now, now.plusSeconds(60))).isFalse();
		assertThat(this.store.claim("b", now.plusSeconds(61), now.plusSeconds(121))).isTrue();

		Boolean renewed = this.transactions
			.execute((tx) -> this.store.renew("a", now.plusSeconds(62), now.plusSeconds(122)));

		assertThat(renewed).isFalse();
		Boolean renewedByTheNewOwner = this.transactions
			.execute((tx) -> this.store.renew("b", now.plusSeconds(62), now.plusSeconds(122)));
		assertThat(renewedByTheNewOwner).isTrue();
	}

	@Test
	void twoInstancesCompactingAtOnceDeleteEachRowOnceAndAnswersStayTheSame() throws Exception {
		twentyDaysOfHistory();
		this.second = new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.forecast.anomalies.interval=PT1H",
				"--quota.retention.interval=P1D", "--quota.retention.batch-size=50",
				"--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--spring.datasource.hikari.maximum-pool-size=4",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		MutableClock otherClock = this.second.getBean(MutableClock.class);
		UsageRetention other = this.second.getBean(UsageRetention.class);
		MeterRegistry otherRegistry = this.second.getBean(MeterRegistry.class);
		String availability = availabilityAt("2026-11-14T08:53:41Z");
		String history = this.api
			.get("/pools/session/usage?from=2026-11-12T00:00:00Z&to=2026-11-19T00:00:00Z&step=PT5M")
			.andReturn()
			.getResponse()
			.getContentAsString();
		long hours = this.ledger.hourBuckets();
		long events = this.ledger.events();
		long compacted = 0;
		// Day by day, so that each day both instances race for the next day's minutes.
		for (int day = 0; day < 4; day++) {
			this.clock.advance(Duration.ofDays(1));
			otherClock.set(this.clock.instant());
			long due = count("select count(*) from usage_minute_buckets where bucket_start < ?",
					UsageLedger.utc(this.clock.instant().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.HOURS)));
			double mine = counter(this.registry, "quota.retention.minute.buckets.compacted");
			double theirs = counter(otherRegistry, "quota.retention.minute.buckets.compacted");
			CountDownLatch go = new CountDownLatch(1);
			CompletableFuture<UsageRetention.Run> a = CompletableFuture.supplyAsync(() -> {
				await(go);
				return this.retention.runOnce();
			});
			CompletableFuture<UsageRetention.Run> b = CompletableFuture.supplyAsync(() -> {
				await(go);
				return other.runOnce();
			});
			go.countDown();
			UsageRetention.Run runA = a.get(60, TimeUnit.SECONDS);
			UsageRetention.Run runB = b.get(60, TimeUnit.SECONDS);

			assertThat(runA.ran() || runB.ran()).isTrue();
			assertThat(runA.minutesCompacted() + runB.minutesCompacted()).isEqualTo(due).isPositive();
			assertThat(counter(this.registry, "quota.retention.minute.buckets.compacted") - mine
					+ counter(otherRegistry, "quota.retention.minute.buckets.compacted") - theirs)
				.isEqualTo(due);
			compacted += due;
		}
		this.clock.set(START);
		assertThat(compacted).isGreaterThan(500);
		assertThat(this.ledger.hourBuckets()).isEqualTo(hours);
		assertThat(this.ledger.events()).isEqualTo(events);
		assertThat(availabilityAt("2026-11-14T08:53:41Z")).isEqualTo(availability);
		assertThat(this.api.get("/pools/session/usage?from=2026-11-12T00:00:00Z&to=2026-11-19T00:00:00Z&step=PT5M")
			.andReturn()
			.getResponse()
			.getContentAsString()).isEqualTo(history);
	}

	String availabilityAt(String at) throws Exception {
		return this.api.get("/teams/platform/availability?at=" + at)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void ingestDuringCompactionIsNeitherBlockedNorLostNorCountedTwice() throws Exception {
		twentyDaysOfHistory();
		long eventsBefore = this.ledger.events();
		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<UsageRetention.Run> compaction = CompletableFuture.supplyAsync(() -> {
			await(go);
			return this.retention.runOnce();
		});
		List<CompletableFuture<Long>> writers = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			int writer = w;
			writers.add(CompletableFuture.supplyAsync(() -> {
				await(go);
				long slowest = 0;
				for (int round = 0; round < 20; round++) {
					List<UsageEvent> batch = new ArrayList<>();
					for (int i = 0; i < 10; i++) {
						// Half in the current minute, half late for minutes already
						// behind the horizon.
						Instant at = (i % 2 == 0) ? START.minusSeconds(1 + i)
								: START.minus(Duration.ofDays(12)).plusSeconds(60L * round + i);
						batch.add(new UsageEvent("live-" + writer + "-" + round + "-" + i, "platform", null, null,
								"claude-sonnet-4", at, 10, 5, 0, 0, 1, null, UsageKind.INTERACTIVE, null));
					}
					long started = System.nanoTime();
					assertThat(this.usage.recordBatch(batch).recorded()).isEqualTo(10);
					slowest = Math.max(slowest, System.nanoTime() - started);
				}
				return slowest;
			}));
		}
		go.countDown();
		UsageRetention.Run run = compaction.get(120, TimeUnit.SECONDS);
		long slowest = 0;
		for (CompletableFuture<Long> writer : writers) {
			slowest = Math.max(slowest, writer.get(120, TimeUnit.SECONDS));
		}

		assertThat(run.ran()).isTrue();
		assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.ledger.events()).isEqualTo(eventsBefore + 800);
		assertBucketsAgreeWithTheLedger();
		// Late minutes written behind the horizon are not read, and go at the next run.
		this.retention.runOnce();
		assertThat(count("select count(*) from usage_minute_buckets where bucket_start < ?",
				UsageLedger.utc(this.store.minutesFrom())))
			.isZero();
		assertBucketsAgreeWithTheLedger();
	}

	/** Hours, and minutes as readers see them, sum to exactly what the ledger holds. */
	void assertBucketsAgreeWithTheLedger() {
		long ledger = count("select coalesce(sum(messages), 0) from usage_events");
		assertThat(count("select coalesce(sum(amount), 0) from usage_hour_buckets where pool_id = 'session'"))
			.isEqualTo(ledger);
		assertThat(count("select coalesce(sum(amount), 0) from usage_minutes('session', '-infinity', 'infinity')"))
			.isEqualTo(ledger);
		assertThat(count("select coalesce(sum(events), 0) from usage_minutes('session', '-infinity', 'infinity')"))
			.isEqualTo(count("select count(*) from usage_events"));
	}

}
