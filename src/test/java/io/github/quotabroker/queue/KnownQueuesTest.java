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

	@Test
	void aQueueIsReusedOnlyWhileItsStampHasNotMoved() {
		this.queues.remember("pool", 7L, List.of("r-1"), List.of(request("r-1")), Map.of("team|MEDIUM", NOW));

		KnownQueues.Known<String> known = this.queues.current("pool", 7L);
		assertThat(known.rows()).containsExactly("r-1");
		assertThat(known.requests()).extracting(QueuePlanner.Request::id).containsExactly("r-1");
		assertThat(known.lastGrants()).containsEntry("team|MEDIUM", NOW);
		assertThat(this.queues.current("pool", 8L)).isNull();
		assertThat(this.queues.current("other-pool", 7L)).isNull();
	}

	@Test
	void aNewStampReplacesTheQueueKeptBefore() {
		this.queues.remember("pool", 7L, List.of("r-1"), List.of(request("r-1")), null);
		this.queues.remember("pool", 9L, List.of("r-2"), List.of(request("r-2")), null);

		assertThat(this.queues.current("pool", 7L)).isNull();
		assertThat(this.queues.current("pool", 9L).rows()).containsExactly("r-2");
	}

	@Test
	void rememberingWithoutAStampOrForgettingDropsTheQueue() {
		this.queues.remember("pool", 7L, List.of("r-1"), List.of(request("r-1")), null);
		this.queues.remember("pool", null, List.of("r-1"), List.of(request("r-1")), null);
		assertThat(this.queues.current("pool", 7L)).isNull();

		this.queues.remember("pool", 7L, List.of("r-1"), List.of(request("r-1")), null);
		this.queues.forget("pool");
		assertThat(this.queues.current("pool", 7L)).isNull();
	}

	@Test
	void aReaderCannotChangeTheQueueKeptForOthers() {
		List<String> rows = new ArrayList<>(List.of("r-1"));
		this.queues.remember("pool", 7L, rows, new ArrayList<>(List.of(request("r-1"))), null);

		KnownQueues.Known<String> known = this.queues.current("pool", 7L);
		assertThatThrownBy(() -> known.rows().add("r-2")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> known.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

}
