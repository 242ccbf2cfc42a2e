package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static io.github.quotabroker.usage.RetentionCompactionIT.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Idempotency by event id stays exact on the ledger partitioned by month (#17, V16): one
 * id sent with occurredAt values in different months, one after the other or at once, is
 * recorded once.
 */
@TestPropertySource(properties = "quota.retention.batch-size=50")
class LedgerPartitionsIT extends IntegrationTestBase {

	static final Instant START = TestBeans.START;

	@Autowired
	UsageService usage;

	@Autowired
	RetentionStore store;

	long rowsOf(String eventId) {
		return this.jdbc.sql("select count(*) from usage_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

	@Test
	void anIdReusedInAnotherMonthIsAConflictAndRecordedOnce() throws Exception {
		this.api.rollingPool("session", 900, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api
			.post("/usage-events", event("x", "platform", "claude-sonnet-4", null, START.minus(Duration.ofDays(40)), 1))
			.andExpect(status().isOk());

		this.api.post("/usage-events", event("x", "platform", "claude-sonnet-4", null, START.minusSeconds(60), 1))
			.andExpect(status().isConflict());
		this.api
			.post("/usage-events", event("x", "platform", "claude-sonnet-4", null, START.minus(Duration.ofDays(40)), 1))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.duplicates").value(1));

		assertThat(rowsOf("x")).isOne();
	}

	@Test
	void oneIdSentAtOnceWithDifferentMonthsIsRecordedOnce() throws Exception {
		this.api.rollingPool("session", 900, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		for (int round = 0; round < 10; round++) {
			String id = "race-" + round;
			CountDownLatch go = new CountDownLatch(1);
			List<CompletableFuture<UsageService.BatchOutcome>> senders = new ArrayList<>();
			for (int month = 0; month < 6; month++) {
				Instant at = START.minus(Duration.ofDays(31L * month)).minusSeconds(round);
				senders.add(CompletableFuture.supplyAsync(() -> {
					RetentionIT.await(go);
					return this.usage.recordBatch(List.of(new UsageEvent(id, "platform", null, null, "claude-sonnet-4",
							at, 1, 1, 0, 0, 1, null, UsageKind.INTERACTIVE, null)));
				}));
			}
			go.countDown();
			int recorded = 0;
			for (CompletableFuture<UsageService.BatchOutcome> sender : senders) {
				recorded += sender.get(30, TimeUnit.SECONDS).recorded();
			}

			assertThat(recorded).as(id).isOne();
			assertThat(rowsOf(id)).as(id).isOne();
		}
		// Counted once each in the buckets too.
		assertThat(this.jdbc.sql("select sum(events) from usage_hour_buckets where pool_id = 'session'")
			.query(Long.class)
			.single()).isEqualTo(10);
		assertThat(this.jdbc.sql("select sum(events) from usage_minute_buckets where pool_id = 'session'")
			.query(Long.class)
			.single()).isEqualTo(10);
	}

	@Test
	void partitionsAreCreatedAheadAndCreatingThemAgainChangesNothing() {
		assertThat(this.store.createPartitions(START.minus(Duration.ofDays(401)), START.plus(Duration.ofDays(90))))
			.isZero();
		List<RetentionStore.LedgerMonth> months = this.store.ledgerMonths();
		assertThat(months).allMatch(RetentionStore.LedgerMonth::attached);
		assertThat(months.get(months.size() - 1).to()).isAfterOrEqualTo(START.plus(Duration.ofDays(90)));
		assertThat(months.get(0).from()).isBeforeOrEqualTo(START.minus(Duration.ofDays(401)));
	}

}
