package io.github.quotabroker.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of webhook delivery ({@code quota.webhooks.*}).
 *
 * @param pollInterval how often each instance looks for due deliveries and queue waits
 * @param batch deliveries one instance claims at a time (sent in parallel)
 * @param connectTimeout the longest wait to connect to a receiver
 * @param requestTimeout the longest wait for a receiver's answer; a slower answer counts
 * as a failed attempt
 * @param lease how long a claimed delivery belongs to its instance; after it, another
 * instance may claim it again (the first one died or hung). Longer than
 * {@code requestTimeout}, so that a live instance's delivery is never taken over
 * @param firstRetry the pause after a first failed attempt, before jitter; doubled after
 * each failure
 * @param maxRetry the longest pause between attempts, before jitter
 * @param maxAttempts attempts in all before a delivery is given up ({@code FAILED})
 * @param subscriptionsRefresh how often each instance re-reads the webhooks (changes made
 * on the instance itself apply at once)
 * @param thresholdRecheck the longest a threshold crossing waits to be announced when the
 * usage that caused it was counted by another instance (crossings an instance counts
 * itself are announced in the transaction that counts them)
 */
@ConfigurationProperties("quota.webhooks")
public record WebhookProperties(@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("20") int batch,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT10S") Duration requestTimeout,
		@DefaultValue("PT60S") Duration lease, @DefaultValue("PT10S") Duration firstRetry,
		@DefaultValue("PT1H") Duration maxRetry, @DefaultValue("10") int maxAttempts,
		@DefaultValue("PT10S") Duration subscriptionsRefresh, @DefaultValue("PT5S") Duration thresholdRecheck) {

	public WebhookProperties {
		if (pollInterval.isNegative() || pollInterval.isZero() || subscriptionsRefresh.isNegative()
				|| subscriptionsRefresh.isZero()) {
			throw new IllegalArgumentException(
					"quota.webhooks.poll-interval and subscriptions-refresh must be positive");
		}
		if (thresholdRecheck.isNegative() || thresholdRecheck.isZero()) {
			throw new IllegalArgumentException("quota.webhooks.threshold-recheck must be positive");
		}
		if (batch < 1 || batch > 1000) {
			throw new IllegalArgumentException("quota.webhooks.batch must be from 1 to 1000");
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
				|| requestTimeout.isZero()) {
			throw new IllegalArgumentException("quota.webhooks.connect-timeout and request-timeout must be positive");
		}
		if (lease.compareTo(requestTimeout.plus(connectTimeout)) <= 0) {
			throw new IllegalArgumentException(
					"quota.webhooks.lease must be longer than connect-timeout plus request-timeout");
		}
		// Checked again by Backoff; said here in the property names.
		if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0 || maxAttempts < 1) {
			throw new IllegalArgumentException(
					"quota.webhooks.first-retry must be positive and at most max-retry; max-attempts at least 1");
		}
	}

	Backoff backoff() {
		return new Backoff(this.firstRetry, this.maxRetry, this.maxAttempts);
	}

}
