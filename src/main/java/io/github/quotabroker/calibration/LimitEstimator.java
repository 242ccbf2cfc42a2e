package io.github.quotabroker.calibration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates a pool's effective limit from what the provider said (a used percent of its
 * window) and what the ledger recorded in the same window by then. Pure: no Spring, no
 * SQL, no clock.
 *
 * <p>
 * Each reading implies a limit, {@code ledgerUsed / (percent / 100)}. Those are noisy in
 * known ways, and the estimate is built to survive each:
 * <ul>
 * <li>rounding and noise of the percent weigh most at low percents: readings below
 * {@code minPercent} are skipped and the rest are weighted by their percent;</li>
 * <li>a reading the provider made before the last responses were counted (lag) implies
 * too high a limit; usage the ledger never saw (a member without the hook) too low a one:
 * both are one-sided and come in bursts, so the centre is a weighted median, and readings
 * further than {@code rejectSigmas} robust deviations (1.4826 × MAD) from it are rejected
 * as outliers, twice;</li>
 * <li>a status line that reports every few seconds must not outvote the other windows:
 * the readings of one provider window share one window's weight;</li>
 * <li>old readings fade (weight halves every {@code halfLife}) and those older than
 * {@code maxAge} are dropped, so a limit that moves is followed (drift is reported by
 * comparing the older and the newer half).</li>
 * </ul>
 * The interval is the median's: ±1.96 × 1.2533 × σ / √n, with σ the robust deviation of
 * the kept readings and n their effective number (Kish), never narrower than the
 * percent's own resolution allows.
 */
public final class LimitEstimator {

	/**
	 * @param minPercent readings below this percent are too coarse to use
	 * @param maxAge readings older than this are dropped
	 * @param halfLife a reading's weight halves with each
	 * @param clusterBand windows within this share of the densest cluster's centre make
	 * the estimate
	 * @param minHalfWidth the interval is at least this share of the estimate on each
	 * side
	 */
	public record Settings(double minPercent, Duration maxAge, Duration halfLife, double clusterBand,
			double minHalfWidth) {

		public static final Settings DEFAULT = new Settings(5, Duration.ofDays(14), Duration.ofDays(3), 0.04, 0.015);

	}

	/**
	 * One reading set against the ledger.
	 *
	 * @param percent what the provider said was used of its window, 0 to 100
	 * @param ledgerUsed what the ledger recorded in the same window up to
	 * {@code observedAt}, in base units
	 * @param windowKey which provider window it is about (readings of one window share
	 * its weight)
	 */
	public record Sample(Instant observedAt, double percent, long ledgerUsed, String windowKey) {
	}

	/**
	 * @param limit the estimate, base units
	 * @param lower the interval's lower end (95 %)
	 * @param upper its upper end
	 * @param kept readings that made the estimate
	 * @param skipped readings not used, by reason ({@code below-min-percent},
	 * {@code too-old}, {@code no-ledger-usage}, {@code outlier})
	 * @param windows provider windows among the kept readings
	 * @param earlier the weighted median of the older half of the usable readings
	 * ({@code null} with fewer than six)
	 * @param recent of the newer half
	 */
	public record Estimate(long limit, long lower, long upper, int kept, Map<String, Integer> skipped, int windows,
			Long earlier, Long recent) {

		/** Half the interval's width relative to the estimate. */
		public double relativeHalfWidth() {
			return (this.limit == 0) ? Double.POSITIVE_INFINITY : (this.upper - this.lower) / 2.0 / this.limit;
		}

	}

	private record Point(double implied, double weight, Instant at) {
	}

	private LimitEstimator() {
	}

	/**
	 * The estimate, or {@code null} when no reading is usable.
	 * @param skipped filled with the count of readings not used, by reason
	 */
	public static Estimate estimate(List<Sample> samples, Instant now, Settings settings,
			Map<String, Integer> skipped) {
		Map<String, Integer> perWindow = new HashMap<>();
		List<Sample> usable = new ArrayList<>();
		for (Sample s : samples) {
			if (Duration.between(s.observedAt(), now).compareTo(settings.maxAge()) > 0) {
				skipped.merge("too-old", 1, Integer::sum);
			}
			else if (s.percent() < settings.minPercent()) {
				skipped.merge("below-min-percent", 1, Integer::sum);
			}
			else if (s.ledgerUsed() <= 0) {
				skipped.merge("no-ledger-usage", 1, Integer::sum);
			}
			else {
				usable.add(s);
				perWindow.merge(s.windowKey(), 1, Integer::sum);
			}
		}
		if (usable.isEmpty()) {
			return null;
		}
		double halfLifeSeconds = Math.max(1, settings.halfLife().toSeconds());
		// Each provider window's implied limit: the weighted median of its readings.
		Map<String, List<Point>> byWindow = new java.util.LinkedHashMap<>();
		List<Point> points = new ArrayList<>(usable.size());
		for (Sample s : usable) {
			double age = Math.max(0, Duration.between(s.observedAt(), now).toSeconds());
			double weight = (s.percent() / 100) * Math.pow(0.5, age / halfLifeSeconds);
			Point p = new Point(s.ledgerUsed() * 100.0 / s.percent(), weight, s.observedAt());
			points.add(p);
			byWindow.computeIfAbsent(s.windowKey(), (k) -> new ArrayList<>()).add(p);
		}
		List<Point> windows = new ArrayList<>(byWindow.size());
		for (List<Point> readings : byWindow.values()) {
			double weight = 0;
			Instant last = readings.get(0).at();
			for (Point p : readings) {
				weight = Math.max(weight, p.weight());
				last = p.at().isAfter(last) ? p.at() : last;
			}
			windows.add(new Point(median(readings), weight, last));
		}
		// Usage the ledger never saw only lowers a window's implied limit, by a share
		// that
		// differs from window to window; windows the ledger saw whole agree with each
		// other. So the estimate is the densest cluster of windows (the higher one on a
		// tie), not the median of all.
		double band = settings.clusterBand();
		Point centre = null;
		double best = -1;
		for (Point candidate : windows) {
			double weight = 0;
			for (Point w : windows) {
				if (Math.abs(w.implied() - candidate.implied()) <= band * candidate.implied()) {
					weight += w.weight();
				}
			}
			if (weight > best * (1 + 1e-9)
					|| (Math.abs(weight - best) <= best * 1e-9 && candidate.implied() > centre.implied())) {
				best = weight;
				centre = candidate;
			}
		}
		List<Point> kept = new ArrayList<>();
		List<Point> keptWindows = new ArrayList<>();
		for (Map.Entry<String, List<Point>> e : byWindow.entrySet()) {
			double value = median(e.getValue());
			if (Math.abs(value - centre.implied()) <= band * centre.implied()) {
				kept.addAll(e.getValue());
				keptWindows.add(new Point(value, 1, e.getValue().get(0).at()));
			}
		}
		int outliers = points.size() - kept.size();
		if (outliers > 0) {
			skipped.merge("outside-cluster", outliers, Integer::sum);
		}
		double median = median(kept);
		double sigma = (keptWindows.size() > 1) ? sigma(keptWindows, median) : sigma(kept, median);
		// The interval of the median over windows (the readings of one window are not
		// independent), never narrower than the resolution of a whole-percent reading and
		// the lag of the last responses allow.
		double half = Math.max(1.96 * 1.2533 * sigma / Math.sqrt(keptWindows.size()), settings.minHalfWidth() * median);
		Long earlier = null;
		Long recent = null;
		if (windows.size() >= 6) {
			// Over every window: a limit that moved splits them into two clusters, and
			// each
			// half's median is robust on its own.
			List<Point> byTime = new ArrayList<>(windows);
			byTime.sort(Comparator.comparing(Point::at));
			int middle = byTime.size() / 2;
			earlier = Math.round(median(byTime.subList(0, middle)));
			recent = Math.round(median(byTime.subList(middle, byTime.size())));
		}
		return new Estimate(Math.round(median), Math.max(1, Math.round(median - half)), Math.round(median + half),
				kept.size(), Map.copyOf(skipped), keptWindows.size(), earlier, recent);
	}

	/** The weighted median of the implied limits. */
	private static double median(List<Point> points) {
		List<Point> sorted = new ArrayList<>(points);
		sorted.sort(Comparator.comparingDouble(Point::implied));
		double total = 0;
		for (Point p : sorted) {
			total += p.weight();
		}
		double half = total / 2;
		double running = 0;
		for (int i = 0; i < sorted.size(); i++) {
			running += sorted.get(i).weight();
			if (running > half) {
				return sorted.get(i).implied();
			}
			if (running == half && i + 1 < sorted.size()) {
				return (sorted.get(i).implied() + sorted.get(i + 1).implied()) / 2;
			}
		}
		return sorted.get(sorted.size() - 1).implied();
	}

	/**
	 * 1.4826 × the weighted median absolute deviation, at least 0.5 % of the median: a
	 * provider's percent has a resolution, so readings never agree better than that.
	 */
	private static double sigma(List<Point> points, double median) {
		List<Point> deviations = new ArrayList<>(points.size());
		for (Point p : points) {
			deviations.add(new Point(Math.abs(p.implied() - median), p.weight(), p.at()));
		}
		return Math.max(1.4826 * median(deviations), 0.005 * median);
	}

}
