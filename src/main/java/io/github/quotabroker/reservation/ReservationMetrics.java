package io.github.quotabroker.reservation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Reservation counters, latency and held amounts; names are listed in docs/metrics.md.
 */
@Component
class ReservationMetrics {

	private final MeterRegistry registry;

	private final DistributionSummary batch;

	private final DistributionSummary releaseBatch;

	private final Timer latency;

	private final Map<String, AtomicReference<Double>> held = new ConcurrentHashMap<>();

	ReservationMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.batch = DistributionSummary.builder("quota.reservations.decision.batch")
			.description("Reservation requests (of any pools) decided in one transaction")
			.register(registry);
		this.releaseBatch = DistributionSummary.builder("quota.reservations.release.batch")
			.description("Releases done in one statement")
			.register(registry);
		this.latency = Timer.builder("quota.reservations.decision.latency")
			.description("Time to decide a reservation request, waiting for a decision lane included")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	/** A decision: outcome granted | rejected, kind HOLD | WINDOW. */
	void decided(String outcome, ReservationKind kind) {
		Counter.builder("quota.reservations.decisions")
			.description("Reservation requests decided, by outcome and kind")
			.tag("outcome", outcome)
			.tag("kind", kind.name())
			.register(this.registry)
			.increment();
	}

	void batch(int size) {
		this.batch.record(size);
	}

	void releaseBatch(int size) {
		this.releaseBatch.record(size);
	}

	void latency(long nanos) {
		this.latency.record(Duration.ofNanos(nanos));
	}

	/** A reservation left the active statuses: status COMMITTED, RELEASED, ... */
	void ended(ReservationStatus status, long count) {
		Counter.builder("quota.reservations.ended")
			.description("Reservations that ended, by final status")
			.tag("status", status.name())
			.register(this.registry)
			.increment(count);
	}

	/** Usage committed beyond what was held, in the pool's unit. */
	void overrun(String poolId, double amount) {
		Counter.builder("quota.reservations.overrun")
			.description("Usage committed beyond what was held, in the pool's unit")
			.tag("pool", poolId)
			.register(this.registry)
			.increment(amount);
	}

	/** Unused amounts held per pool, refreshed by each sweep (in each pool's unit). */
	void held(Map<String, Double> byPool) {
		byPool.forEach((pool, amount) -> this.held.computeIfAbsent(pool, (p) -> {
			AtomicReference<Double> value = new AtomicReference<>(0.0);
			Gauge.builder("quota.reservations.held", value, AtomicReference::get)
				.description("Quota held by active reservations now, in the pool's unit")
				.tag("pool", p)
				.register(this.registry);
			return value;
		}).set(amount));
		this.held.forEach((pool, value) -> {
			if (!byPool.containsKey(pool)) {
				value.set(0.0);
			}
		});
	}

}
