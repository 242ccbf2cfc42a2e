package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * When what is left of a quota reaches zero if usage follows a projection: a walk minute
 * by minute from now, taking off the projected usage and adding back what the window
 * gives back (recorded usage rolling off, and, in a rolling window, projected usage
 * rolling off one window later). Pure arithmetic over hourly rates: an hour's projected
 * amount is spread evenly over its minutes.
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
		int minutes = (int) Math.max(0, Duration.between(start, end).toMinutes());
		Instant earliest = null;
		for (Track track : tracks) {
			if (track.left() <= 0) {
				return from;
			}
			Instant empty = walk(start, minutes, track);
			if (empty != null && (earliest == null || empty.isBefore(earliest))) {
				earliest = empty;
			}
		}
		return earliest;
	}

	private static Instant walk(Instant start, int minutes, Track track) {
		int window = (track.rolling() != null) ? (int) track.rolling().toMinutes() : Integer.MAX_VALUE;
		// Epoch arithmetic and arrays rather than Instants and map look-ups.
		// A 31-day walk is 44,640 minutes, and an answer takes several walks.
		long startSecond = start.getEpochSecond();
		long hourlyFrom = track.hourlyFrom().getEpochSecond();
		double[] back = new double[minutes];
		for (Map.Entry<Instant, Long> e : track.returning().entrySet()) {
			long m = (e.getKey().getEpochSecond() - startSecond) / 60;
			if (m >= 0 && m < minutes) {
				back[(int) m] += e.getValue();
			}
		}
		double[] added = new double[minutes];
		double left = track.left();
		for (int m = 0; m < minutes; m++) {
			long t = startSecond + 60L * m;
			double before = left;
			added[m] = perMinute(track.hourly(), hourlyFrom, t);
			left -= added[m];
			if (m >= window) {
				left += added[m - window];
			}
			left += back[m];
			if (left <= 0) {
				// Inside the minute the amount is taken evenly: interpolate the crossing.
				double taken = before - left;
				double fraction = (taken > 0) ? Math.min(1, before / taken) : 1;
				return Instant.ofEpochSecond(t + Math.round(60 * fraction));
			}
		}
		return null;
	}

	/**
	 * The projected amount per minute at the minute starting at epoch second {@code t}.
	 */
	static double perMinute(double[] hourly, long hourlyFrom, long t) {
		long hour = Math.floorDiv(t - hourlyFrom, 3600);
		return (hour >= 0 && hour < hourly.length) ? hourly[(int) hour] / 60 : 0;
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
