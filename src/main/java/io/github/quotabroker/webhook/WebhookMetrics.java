package io.github.quotabroker.webhook;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code quota_webhook_deliveries_total{outcome}} and
 * {@code quota_webhook_outbox_pending}.
 */
@Component
class WebhookMetrics {

	private final MeterRegistry registry;

	private final AtomicLong pending = new AtomicLong();

	WebhookMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("quota.webhook.outbox.pending", this.pending, AtomicLong::get)
			.description("Outbox rows not yet delivered (nor given up), as last counted by this instance's worker")
			.register(registry);
	}

	/**
	 * One attempt's outcome: {@code delivered}, {@code retry} (failed, tried again
	 * later), {@code failed} (failed, given up) or {@code dropped} (its webhook was
	 * deleted).
	 */
	void attempt(String outcome) {
		Counter.builder("quota.webhook.deliveries")
			.description("Delivery attempts by outcome")
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void pending(long rows) {
		this.pending.set(rows);
	}

}
