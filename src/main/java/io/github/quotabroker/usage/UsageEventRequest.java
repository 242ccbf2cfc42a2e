package io.github.quotabroker.usage;

import java.math.BigDecimal;

/**
 * One usage event as clients send it to {@code POST /usage-events}.
 *
 * @param eventId idempotency key chosen by the client
 * @param occurredAt RFC 3339 timestamp with offset
 * @param messages defaults to 1
 * @param kind {@code INTERACTIVE} (default) or {@code AUTOMATED}
 * @param workflowId optional label grouping the calls of one workflow run (a session, a
 * CI job)
 * @param taskType optional label naming the kind of task, for estimates from history
 */
public record UsageEventRequest(String eventId, String teamId, String memberId, String agentId, String model,
		String occurredAt, Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheCreationTokens,
		Long messages, BigDecimal costUsd, String kind, String reservationId, String workflowId, String taskType) {
}
