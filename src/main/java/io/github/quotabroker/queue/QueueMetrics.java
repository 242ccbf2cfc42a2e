package io.github.quotabroker.queue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Metrics of the queue: grants by dispatch, dispatch time, how many requests wait per
 * pool, and how long a granted request waited. Names are listed in docs/metrics.md.
 */
@Component
public class QueueMetrics {

	/**
	 * Buckets of {@code quota.queue.wait}: queued requests wait from seconds (a release)
	 * to hours (usage rolling off a 5-hour window, a weekly reset).
	 */
	private static final Duration[] WAIT_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
			Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
			Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(12), Duration.ofHours(24) };

	private final MeterRegistry registry;

	private final Counter granted;

	private final Timer dispatch;

	private final MultiGauge depth;

	/** How a decision came by a pool's queue. */
	public enum Read {

		/** Unchanged since this instance last read or wrote it: not read. */
		KNOWN,
		/** Only requests that arrived since were read. */
		ARRIVALS,
		/** Read whole. */
		FULL

	}

	private final Map<Read, Counter> reads = new EnumMap<>(Read.class);

	QueueMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.granted = Counter.builder("quota.queue.granted")
			.description("Queued requests granted by dispatch")
			.register(registry);
		this.dispatch = Timer.builder("quota.queue.dispatch")
			.description("Time to dispatch pools' queues (lock, plan, write)")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
		this.depth = MultiGauge.builder("quota.queue.depth")
			.description("Requests waiting in the pool's queue")
			.register(registry);
		for (Read read : Read.values()) {
			this.reads.put(read,
					Counter.builder("quota.queue.reads")
						.description("Queues decisions planned with, by how they were had: known (not read), "
								+ "arrivals (only requests that arrived since), full (read whole)")
						.tag("read", read.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
	}

	/** A decision had a pool's queue this way. */
	public void read(Read how) {
		this.reads.get(how).increment();
	}

	void granted(int n) {
		if (n > 0) {
			this.granted.increment(n);
		}
	}

	void dispatched(long nanos) {
		this.dispatch.record(Duration.ofNanos(nanos));
	}

	/** How many requests wait in each pool's queue, every pool included. */
	void depth(Map<String, Long> waitingByPool) {
		List<MultiGauge.Row<?>> rows = waitingByPool.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((e) -> MultiGauge.Row.of(Tags.of("pool", e.getKey()), e.getValue()))
			.toList();
		this.depth.register(rows, true);
	}

	/**
	 * A queued request of the pool was granted after waiting {@code waited} (from
	 * entering the queue to the grant).
	 */
	public void waited(String poolId, Duration waited) {
		Timer.builder("quota.queue.wait")
			.description("Time a granted request waited in its pool's queue, from enqueue to grant")
			.serviceLevelObjectives(WAIT_BUCKETS)
			.tag("pool", poolId)
			.register(this.registry)
			.record(waited.isNegative() ? Duration.ZERO : waited);
	}

}
