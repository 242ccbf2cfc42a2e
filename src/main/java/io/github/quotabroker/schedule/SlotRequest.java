package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;

import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.usage.UsageKind;

/**
 * Body of {@code POST /teams/{teamId}/slots}: "when can I run this?".
 *
 * @param poolId the pool to look in; or {@code model}, to look in every pool its usage
 * counts against (a slot must fit all of them)
 * @param amount what the work will use, in the pool's unit; positive
 * @param duration ISO-8601, whole minutes from PT1M to P31D
 * @param earliestStart default now
 * @param deadline when the work must be done by (the slot's end); default seven days
 * after {@code earliestStart}, at most 31 days from now
 * @param withinWorkingHoursOf {@code team} (while any member with working hours works) or
 * a member's id; absent: any time
 * @param kind AUTOMATED work is also held to the automation cap; default INTERACTIVE
 * @param priority of the reservation {@code reserve} books; default MEDIUM
 * @param maxResults how many slots, from 1 to 20; default 3
 * @param reserve book the first slot as a window reservation in the same transaction
 */
public record SlotRequest(String poolId, String model, BigDecimal amount, String duration, Instant earliestStart,
		Instant deadline, String withinWorkingHoursOf, UsageKind kind, Priority priority, Integer maxResults,
		Boolean reserve, String description) {
}
