package io.github.quotabroker.usage;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** Ingest counters and latency; names are listed in docs/metrics.md. */
@Component
class UsageMetrics {

	private final MeterRegistry registry;

	private final Counter ingested;

	private final Counter duplicates;

	private final Timer latency;

	UsageMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.ingested = Counter.builder("quota.usage.events.ingested")
			.description("Usage events newly recorded in the ledger")
			.register(registry);
		this.duplicates = Counter.builder("quota.usage.events.duplicates")
			.description("Re-delivered usage events acknowledged without counting again")
			.register(registry);
		this.latency = Timer.builder("quota.usage.ingest.latency")
			.description("Time from receiving POST /usage-events to its durable acknowledgement")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	void recorded(long count) {
		this.ingested.increment(count);
	}

	void duplicates(long count) {
		this.duplicates.increment(count);
	}

	/**
	 * Events refused, by reason: validation, malformed, unknown_team, conflict,
	 * too_large, unavailable.
	 */
	void rejected(String reason, long count) {
		Counter.builder("quota.usage.events.rejected")
			.description("Usage events refused, by reason")
			.tag("reason", reason)
			.register(this.registry)
			.increment(count);
	}

	void latency(long nanos) {
		this.latency.record(Duration.ofNanos(nanos));
	}

}
