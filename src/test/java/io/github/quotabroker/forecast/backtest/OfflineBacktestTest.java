package io.github.quotabroker.forecast.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.quotabroker.demo.DemoWeek;
import io.github.quotabroker.forecast.HourlyProjection;
import io.github.quotabroker.forecast.OfflineForecasts;
import io.github.quotabroker.forecast.Outlook;
import io.github.quotabroker.pool.Pool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backtest of {@link ForecastBacktestIT} without the database: the same traces,
 * baselines and scoring ({@link BacktestScoring}), with our outlook computed from the
 * pure classes as the service computes it (the projection of the last 56 days of hourly
 * usage, then {@code Outlooks.of} on the pool's window now). What it leaves out is the
 * ingest path and the service's reads; {@code ForecastBacktestIT} checks those. Used to
 * score model changes on the tuning seed in seconds rather than minutes. Tagged
 * {@code benchmark}: not part of the build.
 * <p>
 * Properties: {@code backtest.seed} (1, the tuning seed; several comma-separated),
 * {@code backtest.traces} (comma-separated names, all by default),
 * {@code backtest.variants} (model options per variant separated by {@code ;}, each
 * comma-separated as {@code OfflineForecasts.options} reads them; {@code default} by
 * default), {@code backtest.threads} (2), {@code backtest.out} (a directory for one
 * report per variant).
 */
@Tag("benchmark")
class OfflineBacktestTest {

	private static final Instant DEMO_START = Instant.parse("2026-10-26T00:00:00Z");

	@Test
	void scoresEveryTraceWithoutADatabase() throws Exception {
		String only = System.getProperty("backtest.traces", "");
		int threads = Integer.getInteger("backtest.threads", 2);
		Path out = Path.of(System.getProperty("backtest.out", "target/backtest-offline"));
		Files.createDirectories(out);
		for (String seeds : System.getProperty("backtest.seed", "1").split(",")) {
			long seed = Long.parseLong(seeds.trim());
			List<Trace> traces = new ArrayList<>();
			for (Trace trace : traces(seed)) {
				if (only.isBlank() || List.of(only.split(",")).contains(trace.name())) {
					traces.add(trace);
				}
			}
			for (String variant : System.getProperty("backtest.variants", "default").split(";")) {
				score(seed, traces, variant, threads, out);
			}
		}
	}

	private static void score(long seed, List<Trace> traces, String variant, int threads, Path out) throws Exception {
		Object options = OfflineForecasts.options(variant);
		long started = System.nanoTime();
		Scoreboard board = new Scoreboard();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<String>>> runs = new ArrayList<>();
			for (Trace trace : traces) {
				runs.add(pool.submit(() -> replay(trace, options).sums()));
			}
			for (Future<List<String>> run : runs) {
				board.merge(run.get());
			}
		}
		finally {
			pool.shutdown();
		}
		String report = String.format(Locale.ROOT, "Offline backtest, seed %d, options '%s' (%s); %.1f s%n%n%s", seed,
				variant, options, (System.nanoTime() - started) / 1e9, board.table());
		System.out.println(report);
		String slug = variant.isBlank() ? "default" : variant.replaceAll("[^a-zA-Z0-9]+", "-");
		Files.writeString(out.resolve("seed" + seed + "-" + slug + ".md"), report);
		Files.write(out.resolve("seed" + seed + "-" + slug + ".sums.tsv"), board.sums());
		for (String trace : board.traces()) {
			assertThat(board.cell(trace, BacktestPool.WEEKLY).resetHours()).as("hours scored on %s", trace)
				.isPositive();
		}
	}

	/** CPU per projection of 8 weeks of history, 31 days ahead, for each variant. */
	@Test
	void measuresTheCpuOfAProjection() throws Exception {
		StringBuilder report = new StringBuilder();
		Trace rhythm = TraceGenerator.rhythm(1);
		double[] history = new double[OfflineForecasts.HISTORY];
		for (int i = 0; i < history.length; i++) {
			history[i] = rhythm.messages()[i];
		}
		for (String variant : System.getProperty("backtest.variants", "default").split(";")) {
			for (int round = 0; round < 3; round++) {
				double ns = OfflineForecasts.cpuPerProjection(history, OfflineForecasts.options(variant),
						(round == 0) ? 30 : 0, 100);
				String line = String.format(Locale.ROOT, "CPU per projection (8 weeks of history, 745 hours ahead),"
						+ " options '%s', round %d: %.2f ms%n", variant, round + 1, ns / 1e6);
				System.out.print(line);
				report.append(line);
				assertThat(ns).isPositive();
			}
		}
		Path out = Path.of(System.getProperty("backtest.out", "target/backtest-offline"));
		Files.createDirectories(out);
		Files.writeString(out.resolve("cpu.txt"), report);
	}

	static List<Trace> traces(long seed) {
		List<Trace> traces = new ArrayList<>(TraceGenerator.generate(seed));
		long[][] demo = DemoWeek.hourly(DEMO_START);
		traces.add(new Trace("demo week", "the demo profile's week (3 teams summed), scored after its first day",
				DEMO_START, demo[0], demo[1], 24));
		return traces;
	}

	private static Scoreboard replay(Trace trace, Object options) {
		Scoreboard board = new Scoreboard();
		Pool[] pools = new Pool[BacktestPool.values().length];
		long[] limits = new long[pools.length];
		for (BacktestPool pool : BacktestPool.values()) {
			limits[pool.ordinal()] = pool.limit(trace);
			pools[pool.ordinal()] = OfflineForecasts.pool(pool.id, pool.unit(), limits[pool.ordinal()], pool.window(),
					trace.start());
		}
		for (int hour = trace.evaluateFrom(); hour < trace.hours(); hour++) {
			Instant now = trace.hourStart(hour);
			// The session and weekly pools count the same messages: one fit for both,
			// as the service's per-pool fits of the same series would be.
			HourlyProjection messages = OfflineForecasts.project(trace.messages(), hour, options);
			HourlyProjection tokens = OfflineForecasts.project(trace.tokens(), hour, options);
			for (BacktestPool pool : BacktestPool.values()) {
				long[] amounts = pool.amounts(trace);
				HourlyProjection projection = (pool == BacktestPool.MONTHLY) ? tokens : messages;
				WindowView view = pool.view(trace, hour);
				Outlook ours = OfflineForecasts.outlook(pools[pool.ordinal()], now, BacktestScoring.horizon(pool, now),
						projection, (long) view.used(), pool.returning(trace, now), amounts[hour - 1]);
				BacktestScoring.score(trace, hour, pool, limits[pool.ordinal()], view, ours, board);
			}
		}
		return board;
	}

}
