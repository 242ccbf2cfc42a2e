package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of usage ingestion ({@code quota.ingest.*}).
 *
 * @param writers threads that group-commit queued events; each group is one transaction
 * @param maxGroupEvents most events written in one group-commit transaction
 * @param queueCapacity requests that may wait for a writer before new ones get 503
 * @param acknowledgeTimeout how long a request waits for its commit before a retryable
 * 503
 * @param maxBatchSize most events in one {@code POST /usage-events}
 * @param maxClockSkew how far in the future {@code occurredAt} may be
 * @param maxEventAge how far in the past {@code occurredAt} may be
 * @param maxTokensPerEvent largest token count of each kind in one event
 * @param maxMessagesPerEvent largest message count in one event
 * @param maxCostUsdPerEvent largest cost of one event
 */
@ConfigurationProperties("quota.ingest")
public record IngestProperties(@DefaultValue("2") int writers, @DefaultValue("2000") int maxGroupEvents,
		@DefaultValue("10000") int queueCapacity, @DefaultValue("PT30S") Duration acknowledgeTimeout,
		@DefaultValue("1000") int maxBatchSize, @DefaultValue("PT5M") Duration maxClockSkew,
		@DefaultValue("P400D") Duration maxEventAge, @DefaultValue("100000000") long maxTokensPerEvent,
		@DefaultValue("100000") long maxMessagesPerEvent, @DefaultValue("100000") BigDecimal maxCostUsdPerEvent) {

	public IngestProperties {
		if (writers < 1 || maxGroupEvents < 1 || queueCapacity < 1 || maxBatchSize < 1
				|| maxGroupEvents < maxBatchSize) {
			throw new IllegalArgumentException(
					"quota.ingest: writers, queue-capacity and max-batch-size must be positive and max-group-events >= max-batch-size");
		}
	}

}
