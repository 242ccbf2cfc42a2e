package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Errors and interval hits per trace, pool and method, and the report table. Exhaustion
 * instants are compared capped at the pool's scoring horizon (the reset; a day for the
 * rolling pool), so "does not run out" counts as running out at the cap; an hour is
 * scored when the actual or at least one method runs out before the cap. Projections at
 * reset are compared as a percentage of the actual total.
 */
final class Scoreboard {

	static final List<String> METHODS = List.of("ours", "linear", "ewma", "p90");

	/** Running sums of one trace and pool. */
	static final class Cell {

		final Map<String, double[]> exhaustion = new LinkedHashMap<>();

		final Map<String, double[]> reset = new LinkedHashMap<>();

		/** hits and count: hourly 80 %, hourly 95 %, reset 80 %, exhaustion P10-P90. */
		final double[][] coverage = new double[4][2];

		Cell() {
			for (String m : METHODS) {
				this.exhaustion.put(m, new double[2]);
				this.reset.put(m, new double[2]);
			}
		}

		void add(Cell other) {
			for (String m : METHODS) {
				for (int i = 0; i < 2; i++) {
					this.exhaustion.get(m)[i] += other.exhaustion.get(m)[i];
					this.reset.get(m)[i] += other.reset.get(m)[i];
				}
			}
			for (int k = 0; k < 4; k++) {
				this.coverage[k][0] += other.coverage[k][0];
				this.coverage[k][1] += other.coverage[k][1];
			}
		}

		double exhaustionMae(String method) {
			double[] e = this.exhaustion.get(method);
			return (e[1] > 0) ? e[0] / e[1] : Double.NaN;
		}

		double resetMape(String method) {
			double[] e = this.reset.get(method);
			return (e[1] > 0) ? e[0] / e[1] : Double.NaN;
		}

		int exhaustionHours() {
			return (int) this.exhaustion.get("ours")[1];
		}

		int resetHours() {
			return (int) this.reset.get("ours")[1];
		}

		double coverage(int kind) {
			return (this.coverage[kind][1] > 0) ? 100 * this.coverage[kind][0] / this.coverage[kind][1] : Double.NaN;
		}

	}

	private final Map<String, Map<BacktestPool, Cell>> cells = new LinkedHashMap<>();

	Cell cell(String trace, BacktestPool pool) {
		return this.cells.computeIfAbsent(trace, (k) -> new LinkedHashMap<>()).computeIfAbsent(pool, (k) -> new Cell());
	}

	/**
	 * Scores the exhaustion instants predicted at {@code now} by every method (null: does
	 * not run out before the cap) against the actual one.
	 */
	static void exhaustion(Cell cell, Instant now, Instant cap, Instant actual, Map<String, Instant> predicted,
			Instant p10, Instant p90) {
		boolean anyBefore = actual != null;
		for (Instant p : predicted.values()) {
			anyBefore |= p != null && p.isBefore(cap);
		}
		if (!anyBefore) {
			return;
		}
		double truth = hours(now, capped(actual, cap));
		predicted.forEach((method, p) -> {
			double[] e = cell.exhaustion.get(method);
			e[0] += Math.abs(hours(now, capped(p, cap)) - truth);
			e[1]++;
		});
		// P10 comes first (the upper band), P90 last; an absent P90 lasts to the cap.
		double low = hours(now, capped(p10, cap));
		double high = hours(now, capped(p90, cap));
		hit(cell, 3, truth >= low - 1e-9 && truth <= high + 1e-9);
	}

	static void reset(Cell cell, double actual, Map<String, Double> predicted, double lower80, double upper80) {
		if (actual <= 0) {
			return;
		}
		predicted.forEach((method, p) -> {
			double[] e = cell.reset.get(method);
			e[0] += 100 * Math.abs(p - actual) / actual;
			e[1]++;
		});
		hit(cell, 2, actual >= lower80 && actual <= upper80);
	}

	static void hourly(Cell cell, double actual, double lower80, double upper80, double lower95, double upper95) {
		hit(cell, 0, actual >= lower80 && actual <= upper80);
		hit(cell, 1, actual >= lower95 && actual <= upper95);
	}

	private static void hit(Cell cell, int kind, boolean hit) {
		cell.coverage[kind][0] += hit ? 1 : 0;
		cell.coverage[kind][1]++;
	}

	private static Instant capped(Instant at, Instant cap) {
		return (at == null || at.isAfter(cap)) ? cap : at;
	}

	private static double hours(Instant from, Instant to) {
		return Duration.between(from, to).toSeconds() / 3600.0;
	}

	/** The Markdown tables: one row per trace and pool, then per pool and overall. */
	String table() {
		StringBuilder out = new StringBuilder();
		out.append("Exhaustion instant: mean absolute error in hours (scored hours in brackets); ratio = ours / best"
				+ " baseline (goal <= 0.50).\n\n");
		out.append("| trace | pool | hours | ours | linear | EWMA | P90 | ratio |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
		rows((name, pool, c) -> {
			if (c.exhaustionHours() > 0) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n", name, pool,
						c.exhaustionHours(), f(c.exhaustionMae("ours")), f(c.exhaustionMae("linear")),
						f(c.exhaustionMae("ewma")), f(c.exhaustionMae("p90")), ratio(c, true)));
			}
		});
		out.append("\nProjected total at reset (calendar pools): mean absolute error in % of the actual total.\n\n");
		out.append("| trace | pool | hours | ours | linear | EWMA | P90 | ratio |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
		rows((name, pool, c) -> {
			if (c.resetHours() > 0) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n", name, pool,
						c.resetHours(), f(c.resetMape("ours")), f(c.resetMape("linear")), f(c.resetMape("ewma")),
						f(c.resetMape("p90")), ratio(c, false)));
			}
		});
		out.append("\nCoverage of our intervals, % (goal: nominal +- 5): hourly series 80 % and 95 % (next 24 hours"
				+ " at every scored hour), the 80 % interval of the total at reset, P10-P90 of exhaustion.\n\n");
		out.append("| trace | pool | hourly 80 % | hourly 95 % | reset 80 % | exhaustion P10-P90 |\n");
		out.append("|---|---|---:|---:|---:|---:|\n");
		rows((name, pool, c) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, pool,
				f(c.coverage(0)), f(c.coverage(1)), f(c.coverage(2)), f(c.coverage(3)))));
		return out.toString();
	}

	interface Row {

		void accept(String trace, String pool, Cell cell);

	}

	private void rows(Row row) {
		Map<BacktestPool, Cell> byPool = new LinkedHashMap<>();
		Cell all = new Cell();
		this.cells.forEach((trace, pools) -> pools.forEach((pool, cell) -> {
			row.accept(trace, pool.id, cell);
			byPool.computeIfAbsent(pool, (k) -> new Cell()).add(cell);
			all.add(cell);
		}));
		byPool.forEach((pool, cell) -> row.accept("**all traces**", pool.id, cell));
		row.accept("**all traces**", "**all pools**", all);
	}

	private static String ratio(Cell c, boolean exhaustion) {
		double ours = exhaustion ? c.exhaustionMae("ours") : c.resetMape("ours");
		double best = Double.NaN;
		for (String m : METHODS.subList(1, METHODS.size())) {
			double v = exhaustion ? c.exhaustionMae(m) : c.resetMape(m);
			if (!Double.isNaN(v) && (Double.isNaN(best) || v < best)) {
				best = v;
			}
		}
		if (Double.isNaN(ours) || Double.isNaN(best)) {
			return "-";
		}
		if (best == 0) {
			return (ours == 0) ? "1.00" : "inf";
		}
		double r = ours / best;
		return String.format(Locale.ROOT, "%.2f %s", r, (r <= 0.5) ? "met" : "missed");
	}

	private static String f(double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
	}

	List<String> traces() {
		return new ArrayList<>(this.cells.keySet());
	}

	/**
	 * The running sums as tab-separated lines (trace, pool, measure, method or kind, sum,
	 * count), so runs of single traces in parallel JVMs can be merged by {@link #merge}.
	 */
	List<String> sums() {
		List<String> lines = new ArrayList<>();
		this.cells.forEach((trace, pools) -> pools.forEach((pool, cell) -> {
			cell.exhaustion.forEach((m, v) -> lines.add(String.join("\t", trace, pool.name(), "exhaustion", m,
					Double.toString(v[0]), Double.toString(v[1]))));
			cell.reset.forEach((m, v) -> lines
				.add(String.join("\t", trace, pool.name(), "reset", m, Double.toString(v[0]), Double.toString(v[1]))));
			for (int k = 0; k < 4; k++) {
				lines.add(String.join("\t", trace, pool.name(), "coverage", Integer.toString(k),
						Double.toString(cell.coverage[k][0]), Double.toString(cell.coverage[k][1])));
			}
		}));
		return lines;
	}

	/** Adds the sums written by {@link #sums()}. */
	void merge(List<String> lines) {
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t");
			Cell cell = cell(f[0], BacktestPool.valueOf(f[1]));
			double[] target = switch (f[2]) {
				case "exhaustion" -> cell.exhaustion.get(f[3]);
				case "reset" -> cell.reset.get(f[3]);
				default -> cell.coverage[Integer.parseInt(f[3])];
			};
			target[0] += Double.parseDouble(f[4]);
			target[1] += Double.parseDouble(f[5]);
		}
	}

}
