package io.github.quotabroker.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which buckets cover usage from {@code from} (minute-aligned) up to an end: minute
 * buckets for the ragged head, hour buckets for whole hours, minute buckets for the
 * ragged tail. Empty ranges have {@code from == to}.
 */
record BucketPlan(Instant headFrom, Instant headTo, Instant hoursFrom, Instant hoursTo, Instant tailFrom,
		Instant tailTo) {

	/** Far enough ahead to include events stamped a little in the future. */
	static final Instant OPEN_END = Instant.parse("9999-01-01T00:00:00Z");

	/**
	 * Everything from {@code from} on, including usage stamped slightly in the future.
	 */
	static BucketPlan from(Instant from) {
		Instant firstHour = ceilHour(from);
		return new BucketPlan(from, firstHour, firstHour, OPEN_END, OPEN_END, OPEN_END);
	}

	/** Usage in [from, to), both minute-aligned. */
	static BucketPlan between(Instant from, Instant to) {
		Instant firstHour = ceilHour(from);
		Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
		if (!firstHour.isBefore(lastHour)) {
			return new BucketPlan(from, to, to, to, to, to);
		}
		return new BucketPlan(from, firstHour, firstHour, lastHour, lastHour, to);
	}

	private static Instant ceilHour(Instant t) {
		Instant floor = t.truncatedTo(ChronoUnit.HOURS);
		return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
	}

}
