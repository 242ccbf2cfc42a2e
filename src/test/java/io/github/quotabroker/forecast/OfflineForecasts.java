package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.pool.WindowBounds;

/**
 * The forecast's pure part as {@link ForecastService} calls it, for the database-free
 * backtest ({@code backtest.OfflineBacktestTest}): the projection of an hourly history
 * ({@link HourlyForecaster}, with chosen {@link HourlyForecaster.Options}) and the pool's
 * outlook ({@link Outlooks#of}) from a snapshot built as the service builds it for a pool
 * with one team and no holds.
 */
public final class OfflineForecasts {

	/** Hours of history the service reads (quota.forecast.history, P56D). */
	public static final int HISTORY = 56 * 24;

	private OfflineForecasts() {
	}

	/**
	 * Options by name, comma-separated: {@code relative}, {@code binned}, {@code robust},
	 * {@code steps}, {@code allowance}, {@code shape}; {@code default} (or blank) is what
	 * the service uses, {@code none} all off.
	 */
	public static Object options(String names) {
		String n = names.trim().toLowerCase(Locale.ROOT);
		if (n.isEmpty() || n.equals("default")) {
			return HourlyForecaster.Options.DEFAULT;
		}
		java.util.Set<HourlyForecaster.Refinement> on = java.util.EnumSet.noneOf(HourlyForecaster.Refinement.class);
		for (String name : n.split(",")) {
			switch (name.trim()) {
				case "none" -> {
				}
				case "relative" -> on.add(HourlyForecaster.Refinement.RELATIVE_WIDTHS);
				case "binned" -> on.add(HourlyForecaster.Refinement.BINNED_WIDTHS);
				case "robust" -> on.add(HourlyForecaster.Refinement.ROBUST);
				case "steps" -> on.add(HourlyForecaster.Refinement.LEVEL_STEPS);
				case "allowance" -> on.add(HourlyForecaster.Refinement.SPIKE_ALLOWANCE);
				case "shape" -> on.add(HourlyForecaster.Refinement.STEP_SHAPE);
				default -> throw new IllegalArgumentException("unknown model option: " + name);
			}
		}
		return new HourlyForecaster.Options(on);
	}

	/**
	 * The projection the service fits at an hour boundary for a pool whose only team used
	 * {@code amounts} before it ({@code hour} hours of them, the last {@link #HISTORY}
	 * read).
	 */
	public static HourlyProjection project(long[] amounts, int hour, Object options) {
		int from = Math.max(0, hour - HISTORY);
		double[] history = new double[hour - from];
		for (int i = from; i < hour; i++) {
			history[i - from] = amounts[i];
		}
		return HourlyForecaster.project(history, history, (int) ForecastService.MAX_HORIZON.toHours() + 1,
				(HourlyForecaster.Options) options);
	}

	public static Pool pool(String id, Unit unit, long limit, Window window, Instant created) {
		return new Pool(id, id, unit, limit, window, List.of(ModelPattern.of("*")), TokenWeights.DEFAULT,
				StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, created, created);
	}

	/**
	 * The pool's own outlook at {@code now} (an hour boundary), as
	 * {@code ForecastService} computes it with nothing held.
	 * @param used the pool's usage in its window now
	 * @param returning recorded usage coming back, by minute (rolling pools)
	 * @param lastHour usage over the last hour (the burn rate only)
	 */
	public static Outlook outlook(Pool pool, Instant now, Duration horizon, HourlyProjection projection, long used,
			Map<Instant, Long> returning, long lastHour) {
		WindowBounds bounds = pool.window().boundsAt(now);
		ForecastProperties defaults = new ForecastProperties(1.2, 1.5, Duration.ofHours(1), Duration.ofDays(56),
				Duration.ofSeconds(10), Duration.ofMinutes(1));
		return Outlooks.of(new OutlookSnapshot(pool, null, ZoneOffset.UTC, now, horizon, Duration.ofHours(1),
				projection, projection, now, used, used, 0, Math.max(0, pool.limit() - used), null, null, 0, returning,
				returning, bounds.countsFrom(), bounds.nextReset(), defaults.recentWindow(), lastHour,
				defaults.paceWarning(), defaults.paceCritical(), null));
	}

	/** Nanoseconds of CPU per projection of {@code history}, after a warm-up. */
	public static double cpuPerProjection(double[] history, Object options, int warmUp, int runs) {
		java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
		int steps = (int) ForecastService.MAX_HORIZON.toHours() + 1;
		double sink = 0;
		for (int i = 0; i < warmUp; i++) {
			sink += HourlyForecaster.project(history, history, steps, (HourlyForecaster.Options) options).mean()[0];
		}
		long started = bean.getCurrentThreadCpuTime();
		for (int i = 0; i < runs; i++) {
			sink += HourlyForecaster.project(history, history, steps, (HourlyForecaster.Options) options).mean()[0];
		}
		long spent = bean.getCurrentThreadCpuTime() - started;
		if (Double.isNaN(sink)) {
			throw new IllegalStateException("a projection was not a number");
		}
		return spent / (double) runs;
	}

}
