package io.github.quotabroker.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-instance cache of queues, keyed by their stamp. */
class KnownQueuesTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	final KnownQueues<String> queues = new KnownQueues<>();

	static QueuePlanner.Request request(String id) {
		return new QueuePlanner.Request(id, "team", 10, Priority.MEDIUM, NOW, Duration.ofMinutes(5), null, false,
				ZoneOffset.UTC);
	}

	/** Version {@code v}, removal stamp 1. */
	static QueueStamp stamp(long v) {
		return new QueueStamp(v, 1);
	}

	@Test
	void aQueueIsReusedOnlyWhileItsStampHasNotMoved() {
		this.queues.remember("pool", stamp(7), List.of("r-1"), List.of(request("r-1")), 0, Map.of("team|MEDIUM", NOW));

		KnownQueues.Known<String> known = this.queues.current("pool", stamp(7));
		assertThat(known.rows()).containsExactly("r-1");
		assertThat(known.requests()).extracting(QueuePlanner.Request::id).containsExactly("r-1");
		assertThat(known.lastGrants()).containsEntry("team|MEDIUM", NOW);
		assertThat(this.queues.current("pool", stamp(8))).isNull();
		assertThat(this.queues.current("other-pool", stamp(7))).isNull();
	}

	@Test
	void aNewStampReplacesTheQueueKeptBefore() {
		this.queues.remember("pool", stamp(7), List.of("r-1"), List.of(request("r-1")), 0, null);
		this.queues.remember("pool", stamp(9), List.of("r-2"), List.of(request("r-2")), 0, null);

		assertThat(this.queues.current("pool", stamp(7))).isNull();
		assertThat(this.queues.current("pool", stamp(9)).rows()).containsExactly("r-2");
	}

	@Test
	void rememberingWithoutAStampOrForgettingDropsTheQueue() {
		this.queues.remember("pool", stamp(7), List.of("r-1"), List.of(request("r-1")), 0, null);
		this.queues.remember("pool", null, List.of("r-1"), List.of(request("r-1")), 0, null);
		assertThat(this.queues.current("pool", stamp(7))).isNull();

		this.queues.remember("pool", stamp(7), List.of("r-1"), List.of(request("r-1")), 0, null);
		this.queues.forget("pool");
		assertThat(this.queues.current("pool", stamp(7))).isNull();
	}

	@Test
	void aReaderCannotChangeTheQueueKeptForOthers() {
		List<String> rows = new ArrayList<>(List.of("r-1"));
		this.queues.remember("pool", stamp(7), rows, new ArrayList<>(List.of(request("r-1"))), 0, null);

		KnownQueues.Known<String> known = this.queues.current("pool", stamp(7));
		assertThatThrownBy(() -> known.rows().add("r-2")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> known.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void aQueueWhoseRemovalStampHasNotMovedIsBehindAtMostByArrivals() {
		this.queues.remember("pool", new QueueStamp(7, 3), List.of("r-1"), List.of(request("r-1")), 41, null);

		KnownQueues.Known<String> behind = this.queues.behind("pool", new QueueStamp(8, 3));
		assertThat(behind.rows()).containsExactly("r-1");
		assertThat(behind.lastArrival()).isEqualTo(41);
		assertThat(this.queues.current("pool", new QueueStamp(8, 3))).isNull();
		// Something left the queue: what is known may hold requests that are gone.
		assertThat(this.queues.behind("pool", new QueueStamp(8, 4))).isNull();
		assertThat(this.queues.behind("other-pool", new QueueStamp(7, 3))).isNull();
	}

}
