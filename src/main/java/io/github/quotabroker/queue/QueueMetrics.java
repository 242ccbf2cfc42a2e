package io.github.quotabroker.queue;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** Metrics of queue dispatch. */
@Component
class QueueMetrics {

	private final Counter granted;

	private final Timer dispatch;

	QueueMetrics(MeterRegistry registry) {
		this.granted = Counter.builder("quota.queue.granted")
			.description("Queued requests granted by dispatch")
			.register(registry);
		this.dispatch = Timer.builder("quota.queue.dispatch")
			.description("Time to dispatch pools' queues (lock, plan, write)")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	void granted(int n) {
		if (n > 0) {
			this.granted.increment(n);
		}
	}

	void dispatched(long nanos) {
		this.dispatch.record(Duration.ofNanos(nanos));
	}

}
