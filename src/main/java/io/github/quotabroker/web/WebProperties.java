package io.github.quotabroker.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP settings shared by every endpoint.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param maxConcurrentRequests API requests one instance serves at once; more wait up to
 * {@code maxQueueWait}, then get a retryable 503 (health, metrics, event streams and
 * imports are not counted)
 * @param maxQueueWait how long a request may wait for one of those places
 * @param maxQueuedRequests how many requests may wait for a place at once; more are
 * answered 503 at once, since each waiting request holds a server thread, and with waits
 * of {@code maxQueueWait} each, ten times the sustainable load would otherwise pile up in
 * the server's own queue and go unanswered
 */
@ConfigurationProperties("quota.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("128") int maxConcurrentRequests,
		@DefaultValue("PT1S") Duration maxQueueWait, @DefaultValue("64") int maxQueuedRequests) {

	public WebProperties {
		if (maxConcurrentRequests < 1 || maxQueueWait.isNegative() || maxQueuedRequests < 0) {
			throw new IllegalArgumentException("quota.web.max-concurrent-requests must be positive, "
					+ "max-queue-wait and max-queued-requests not negative");
		}
	}

}
