package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.forecast.Outlook;

/**
 * What the backtest scores at one hour boundary of a trace, for one pool: our outlook
 * (from the service in {@link ForecastBacktestIT}, from the pure classes in
 * {@link OfflineBacktestTest}) and the three baselines, against what the trace does next.
 */
final class BacktestScoring {

	static final List<Baseline> BASELINES = List.of(new Baseline.LinearSoFar(), new Baseline.DailyEwma(),
			new Baseline.PastWindowsP90());

	private BacktestScoring() {
	}

	/**
	 * The horizon our forecast is asked for: a day of series for the hourly intervals,
	 * and up to the scoring cap for exhaustion (so the rolling pool is not walked for 31
	 * days).
	 */
	static Duration horizon(BacktestPool pool, Instant now) {
		return Duration.ofHours(Math.max(24, Duration.between(now, pool.cap(now)).toHours()));
	}

	static void score(Trace trace, int hour, BacktestPool pool, long limit, WindowView view, Outlook ours,
			Scoreboard board) {
		Instant now = trace.hourStart(hour);
		Instant cap = pool.cap(now);
		Scoreboard.Cell cell = board.cell(trace.name(), pool);
		long[] amounts = pool.amounts(trace);
		for (int k = 0; k < 24 && hour + k < trace.hours(); k++) {
			Outlook.Point p = ours.series().get(k);
			Scoreboard.hourly(cell, amounts[hour + k], p.lower80().doubleValue(), p.upper80().doubleValue(),
					p.lower95().doubleValue(), p.upper95().doubleValue());
		}
		if (view.used() < limit) {
			Instant actual = pool.actualExhaustion(trace, now, limit, cap);
			if (actual != null || !cap.isAfter(trace.end())) {
				Map<String, Instant> predicted = new LinkedHashMap<>();
				Outlook.Instants instants = ours.exhaustion().pool();
				predicted.put("ours", instants.p50());
				for (Baseline b : BASELINES) {
					predicted.put(b.name(), BaselineRunway.exhaustion(view, limit, b.perHour(view), cap));
				}
				Scoreboard.exhaustion(cell, now, cap, actual, predicted, instants.p10(), instants.p90());
			}
		}
		Instant reset = pool.nextReset(now);
		if (reset != null && !reset.isAfter(trace.end())) {
			Outlook.ResetProjection r = ours.projectionAtReset();
			Map<String, Double> predicted = new LinkedHashMap<>();
			predicted.put("ours", r.projectedTotal().doubleValue());
			for (Baseline b : BASELINES) {
				predicted.put(b.name(), BaselineRunway.totalAtReset(view, b.perHour(view)));
			}
			Scoreboard.reset(cell, pool.actualTotalAtReset(trace, now), predicted, r.lower80().doubleValue(),
					r.upper80().doubleValue());
		}
	}

}
