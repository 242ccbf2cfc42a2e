package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.usage.UsageKind;

/**
 * Body of {@code POST /teams/{teamId}/schedules}: tasks to place (issue #14).
 *
 * @param tasks 1 to 500 tasks, names unique
 * @param earliestStart no task starts before it; default now
 * @param horizonEnd nothing is placed after it; default seven days after
 * {@code earliestStart} or the latest deadline if later; at most 31 days from now
 * @param reserve book every placed task as window reservations, all or none
 */
public record ScheduleRequest(List<Task> tasks, Instant earliestStart, Instant horizonEnd, Boolean reserve,
		String description) {

	/**
	 * One task.
	 *
	 * @param estimatedAmount what it uses of each pool it draws on, in the pool's unit;
	 * or {@code taskType}, then the P90 of the team's recorded runs of that type (the
	 * largest over the pools)
	 * @param duration ISO-8601, whole minutes from PT1M to P31D
	 * @param deadline when it must end by; default the horizon
	 * @param dependsOn names of tasks that must end before it starts
	 * @param kind AUTOMATED prefers the team's automation window; INTERACTIVE (default)
	 * stays in the team's working hours when members have them
	 * @param pool the pool it draws on; or {@code model}: every pool that model counts
	 * against
	 * @param value what it is worth for the best-value subset; default by priority
	 * (CRITICAL 8, HIGH 4, MEDIUM 2, LOW 1)
	 */
	public record Task(String name, BigDecimal estimatedAmount, String taskType, String duration, Instant deadline,
			List<String> dependsOn, Priority priority, UsageKind kind, String pool, String model, Long value) {
	}

}
