package io.github.quotabroker.pool;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

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
		// A bucket starting at m counts while at < m + duration + 1 min.
		// So the first bucket that counts starts at floor(at - duration).
		return new WindowBounds(at.minus(this.duration).truncatedTo(ChronoUnit.MINUTES), null);
	}

	@Override
	public boolean slides() {
		return true;
	}

	/**
	 * When usage recorded in the minute bucket holding {@code usedAt} stops counting (for
	 * a bucket start, when that bucket's usage does).
	 */
	@Override
	public Instant freedAt(Instant usedAt) {
		return usedAt.truncatedTo(ChronoUnit.MINUTES).plus(this.duration).plus(MIN);
	}

	@Override
	public Instant nextChange(Instant at) {
		return at.truncatedTo(ChronoUnit.MINUTES).plus(MIN);
	}

	@Override
	public String label() {
		if (this.duration.toMinutes() % (24 * 60) == 0 && this.duration.toDays() > 1) {
			return this.duration.toDays() + "-day";
		}
		if (this.duration.toMinutes() % 60 == 0) {
			return this.duration.toHours() + "-hour";
		}
		return this.duration.toMinutes() + "-minute";
	}

	@Override
	public <T> T fold(Function<RollingWindow, T> rolling, Function<CalendarWindow, T> calendar) {
		return rolling.apply(this);
	}

}
