package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * When what is left of a quota reaches zero if usage follows a projection: a walk from
 * now, taking off the projected usage and adding back what the window gives back
 * (recorded usage rolling off, and, in a rolling window, projected usage rolling off one
 * window later). Pure arithmetic over hourly rates: an hour's projected amount is spread
 * evenly over it.
 */
final class Runway {

	private Runway() {
	}

	/**
	 * One quantity that must stay above zero.
	 *
	 * @param left what is left now, in base units
	 * @param hourly projected usage per hour, the first hour starting at
	 * {@code hourlyFrom}; zero beyond its end
	 * @param returning recorded usage coming back, by minute-aligned instant
	 * @param rolling the rolling window's length, or null for a calendar window (whose
	 * reset ends the walk)
	 */
	record Track(double left, double[] hourly, Instant hourlyFrom, Map<Instant, Long> returning, Duration rolling) {
	}

	/**
	 * The first instant in [{@code from}, {@code end}) at which any track reaches zero,
	 * or null when none does; a track already at zero is empty at {@code from}.
	 */
	static Instant firstEmpty(Instant from, Instant end, List<Track> tracks) {
		Instant start = from.truncatedTo(ChronoUnit.MINUTES);
		Instant earliest = null;
		for (Track track : tracks) {
			if (track.left() <= 0) {
				return from;
			}
			Instant empty = walk(start.getEpochSecond(), end.getEpochSecond(), track);
			if (empty != null && (earliest == null || empty.isBefore(earliest))) {
				earliest = empty;
			}
		}
		return earliest;
	}

	/**
	 * What is left is linear between breakpoints: the projection's hour boundaries, the
	 * same one window later (where projected usage starts rolling off), and the minutes
	 * at which recorded usage comes back. So the walk goes from breakpoint to breakpoint
	 * (about two per hour) instead of minute by minute, and solves for the crossing
	 * inside the segment where it happens.
	 */
	private static Instant walk(long start, long end, Track track) {
		long window = (track.rolling() != null) ? track.rolling().toSeconds() : -1;
		long hourlyFrom = track.hourlyFrom().getEpochSecond();
		List<Map.Entry<Instant, Long>> back = track.returning()
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().getEpochSecond() >= start && e.getKey().getEpochSecond() < end)
			.sorted(Map.Entry.comparingByKey())
			.toList();
		int count = back.size();
		long[] backAt = new long[count];
		double[] backAmount = new double[count];
		for (int i = 0; i < count; i++) {
			backAt[i] = back.get(i).getKey().getEpochSecond();
			backAmount[i] = back.get(i).getValue();
		}
		double left = track.left();
		int next = 0;
		long t = start;
		while (t < end) {
			// Usage coming back at t counts with the usage of the minute starting at t.
			while (next < count && backAt[next] <= t) {
				left += backAmount[next++];
			}
			long segmentEnd = Math.min(end, nextBoundary(t, hourlyFrom));
			if (window >= 0 && t - window >= start) {
				segmentEnd = Math.min(segmentEnd, nextBoundary(t - window, hourlyFrom) + window);
			}
			else if (window >= 0) {
				segmentEnd = Math.min(segmentEnd, start + window);
			}
			if (next < count) {
				segmentEnd = Math.min(segmentEnd, backAt[next]);
			}
			double slope = -perSecond(track.hourly(), hourlyFrom, t);
			if (window >= 0 && t - window >= start) {
				slope += perSecond(track.hourly(), hourlyFrom, t - window);
			}
			double atEnd = left + slope * (segmentEnd - t);
			if (atEnd <= 0) {
				long crossing = t + Math.round(left / -slope);
				return Instant.ofEpochSecond(Math.min(crossing, segmentEnd));
			}
			left = atEnd;
			t = segmentEnd;
		}
		return null;
	}

	/** The first hour boundary of the projection after {@code t}. */
	private static long nextBoundary(long t, long hourlyFrom) {
		return hourlyFrom + (Math.floorDiv(t - hourlyFrom, 3600) + 1) * 3600;
	}

	private static double perSecond(double[] hourly, long hourlyFrom, long t) {
		long hour = Math.floorDiv(t - hourlyFrom, 3600);
		return (hour >= 0 && hour < hourly.length) ? hourly[(int) hour] / 3600 : 0;
	}

	/**
	 * Projected usage over the minutes starting in [{@code a}, {@code b}), {@code a}
	 * taken to its minute: hour by hour, each hour's amount times the share of its
	 * minutes in the span (the same sum as minute by minute, 60 times fewer steps).
	 */
	static double amountBetween(double[] hourly, Instant hourlyFrom, Instant a, Instant b) {
		long from = hourlyFrom.getEpochSecond();
		long start = a.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
		long end = b.getEpochSecond() + ((b.getNano() > 0) ? 1 : 0);
		if (end <= start) {
			return 0;
		}
		long stop = start + 60 * ((end - start + 59) / 60);
		double sum = 0;
		for (long t = start; t < stop;) {
			long hour = Math.floorDiv(t - from, 3600);
			long segmentEnd = Math.min(stop, from + (hour + 1) * 3600);
			if (hour >= 0 && hour < hourly.length) {
				sum += hourly[(int) hour] * ((segmentEnd - t) / 60) / 60;
			}
			t = segmentEnd;
		}
		return sum;
	}

	/**
	 * Whether a rolling window fed at a steady {@code perHour} stays under {@code limit}:
	 * at a steady pace usage rolls off as fast as it comes, so the window holds
	 * {@code perHour × length} at most.
	 */
	static boolean lastsAtSteadyPace(double perHour, Duration length, double limit) {
		return perHour * length.toSeconds() / 3600.0 < limit;
	}

}
