package io.github.quotabroker.availability;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.pool.WindowBounds;
import io.github.quotabroker.usage.MinuteUsage;

/**
 * When quota that is used now comes back: for a rolling window, each minute bucket's
 * usage returns one window length (plus the minute of bucket granularity) after it; for a
 * calendar window, everything returns at the next reset.
 */
public final class RecoveryTimeline {

	private RecoveryTimeline() {
	}

	/**
	 * The timeline of {@code window} in force at {@code bounds}: from its minute buckets
	 * when it slides, else from its next reset.
	 */
	public static List<RecoveryStep> of(Window window, WindowBounds bounds, long limit, long used,
			List<MinuteUsage> minutes, Unit unit, ZoneId zone) {
		return window.slides() ? rolling(window, limit, used, minutes, unit, zone)
				: calendar(bounds.nextReset(), limit, used, unit, zone);
	}

	/**
	 * One entry per UTC hour in which some of {@code minutes} stops counting, earliest
	 * first.
	 */
	public static List<RecoveryStep> rolling(Window window, long limit, long used, List<MinuteUsage> minutes, Unit unit,
			ZoneId zone) {
		Map<Instant, long[]> byHour = new TreeMap<>();
		for (MinuteUsage minute : minutes) {
			if (minute.amount() == 0) {
				continue;
			}
			Instant freedAt = window.freedAt(minute.bucketStart());
			long[] entry = byHour.computeIfAbsent(freedAt.truncatedTo(ChronoUnit.HOURS), (h) -> new long[2]);
			entry[0] += minute.amount();
			entry[1] = Math.max(entry[1], freedAt.getEpochSecond());
		}
		List<RecoveryStep> steps = new ArrayList<>();
		long stillUsed = used;
		for (Map.Entry<Instant, long[]> e : byHour.entrySet()) {
			stillUsed -= e.getValue()[0];
			Instant freedBy = Instant.ofEpochSecond(e.getValue()[1]);
			steps.add(new RecoveryStep(e.getKey(), e.getKey().atZone(zone).toOffsetDateTime(), freedBy,
					freedBy.atZone(zone).toOffsetDateTime(), unit.fromBase(e.getValue()[0]),
					unit.fromBase(remaining(limit, stillUsed))));
		}
		return steps;
	}

	/** A calendar window gives everything back at its next reset. */
	public static List<RecoveryStep> calendar(Instant nextReset, long limit, long used, Unit unit, ZoneId zone) {
		if (used == 0) {
			return List.of();
		}
		Instant hour = nextReset.truncatedTo(ChronoUnit.HOURS);
		return List.of(new RecoveryStep(hour, hour.atZone(zone).toOffsetDateTime(), nextReset,
				nextReset.atZone(zone).toOffsetDateTime(), unit.fromBase(used), unit.fromBase(limit)));
	}

	static long remaining(long limit, long used) {
		return Math.max(0, limit - Math.max(0, used));
	}

}
