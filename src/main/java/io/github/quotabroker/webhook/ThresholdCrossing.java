package io.github.quotabroker.webhook;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.Window;
import io.github.quotabroker.pool.WindowBounds;

/**
 * Which percent thresholds a pool's usage has reached, and in which window instance, so
 * that each threshold is announced once per window.
 *
 * <p>
 * A calendar window's instance is its period: it begins at the last reset. A rolling
 * window has no instances of its own, so its instances are the consecutive periods of its
 * length counted from the Unix epoch (for a 5-hour window: 00:00-05:00 UTC, 05:00-10:00,
 * ...). A threshold then fires at most once in each such period: at most once per window
 * length, at most twice within any window length.
 */
public final class ThresholdCrossing {

	private static final BigInteger HUNDRED = BigInteger.valueOf(100);

	private ThresholdCrossing() {
	}

	/** When the window instance in force at {@code at} began. */
	public static Instant windowStart(Window window, Instant at) {
		return window.fold((rolling) -> epochAligned(rolling.duration(), at), (calendar) -> {
			WindowBounds bounds = calendar.boundsAt(at);
			return bounds.countsFrom();
		});
	}

	static Instant epochAligned(Duration length, Instant at) {
		long seconds = length.getSeconds();
		return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
	}

	/**
	 * The thresholds (percent of {@code limit}) that {@code used} has reached, in the
	 * order given: {@code used / limit >= percent / 100}, compared exactly.
	 */
	public static List<Integer> reached(List<Integer> thresholds, long used, long limit) {
		List<Integer> reached = new ArrayList<>();
		if (limit <= 0) {
			return reached;
		}
		BigInteger hundredfold = BigInteger.valueOf(used).multiply(HUNDRED);
		BigInteger max = BigInteger.valueOf(limit);
		for (int percent : thresholds) {
			if (hundredfold.compareTo(max.multiply(BigInteger.valueOf(percent))) >= 0) {
				reached.add(percent);
			}
		}
		return reached;
	}

	/** The percent of {@code limit} that {@code used} is, rounded down. */
	public static long percent(long used, long limit) {
		return (limit <= 0) ? 0
				: BigInteger.valueOf(used).multiply(HUNDRED).divide(BigInteger.valueOf(limit)).longValue();
	}

}
