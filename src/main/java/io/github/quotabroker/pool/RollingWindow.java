package io.github.quotabroker.pool;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A window of fixed length that slides with time: usage counts until {@code duration}
 * after it occurred.
 *
 * <p>
 * Usage is kept in one-minute buckets, so a use stops counting at the end of the minute
 * bucket in which {@code occurredAt + duration} falls: never early, and at most one
 * minute late.
 *
 * @param duration window length, from one minute to 31 days
 */
public record RollingWindow(Duration duration) implements Window {

	public static final Duration MIN = Duration.ofMinutes(1);

	public static final Duration MAX = Duration.ofDays(31);

	public RollingWindow {
		if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
			throw new IllegalArgumentException("duration must be between PT1M and P31D");
		}
	}

	@Override
	public WindowBounds boundsAt(Instant at) {
		// A bucket starting at m counts while at < m + duration + 1 min, i.e. m >=
		// floor(at -
		// duration).
		return new WindowBounds(at.minus(this.duration).truncatedTo(ChronoUnit.MINUTES), null);
	}

	/**
	 * When usage recorded in the minute bucket starting at {@code bucketStart} stops
	 * counting.
	 */
	public Instant freedAt(Instant bucketStart) {
		return bucketStart.plus(this.duration).plus(MIN);
	}

}
