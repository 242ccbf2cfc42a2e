package io.github.quotabroker.forecast.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.quotabroker.availability.AvailabilityService;
import io.github.quotabroker.demo.DemoWeek;
import io.github.quotabroker.forecast.ForecastService;
import io.github.quotabroker.forecast.Outlook;
import io.github.quotabroker.forecast.TeamForecast;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The forecast accuracy backtest of issue #12 (run by {@code bench/backtest.sh}; tagged
 * {@code benchmark}, so {@code ./mvnw verify} leaves it out). Each trace is replayed hour
 * by hour through the real ingest path ({@code POST /usage-events}, real PostgreSQL, the
 * test clock moved to each event and then to the hour boundary) into three pools; at
 * every hour boundary after the warm-up it asks {@link ForecastService} for the team's
 * forecast and the three baselines for theirs, and scores both against what the rest of
 * the trace actually does. Properties: {@code backtest.seed} (the reporting seed, 2026;
 * tuning used seed 1), {@code backtest.traces} (comma-separated names, all by default),
 * {@code backtest.out} (the report file).
 */
@Tag("benchmark")
class ForecastBacktestIT extends IntegrationTestBase {

	private static final String TEAM = "backtest-team";

	/** The demo week starts on a Monday, across the 1 November monthly reset. */
	private static final Instant DEMO_START = Instant.parse("2026-10-26T00:00:00Z");

	@Autowired
	private ForecastService forecasts;

	@Autowired
	private AvailabilityService availability;

	@Test
	void replaysEveryTraceAndScoresEveryMethod() throws Exception {
		long seed = Long.getLong("backtest.seed", 2026);
		String only = System.getProperty("backtest.traces", "");
		List<Trace> traces = new ArrayList<>(TraceGenerator.generate(seed));
		long[][] demo = DemoWeek.hourly(DEMO_START);
		traces.add(new Trace("demo week", "the demo profile's week (3 teams summed), scored after its first day",
				DEMO_START, demo[0], demo[1], 24));
		Scoreboard board = new Scoreboard();
		long started = System.nanoTime();
		StringBuilder described = new StringBuilder();
		for (Trace trace : traces) {
			if (!only.isBlank() && !List.of(only.split(",")).contains(trace.name())) {
				continue;
			}
			described.append(String.format(Locale.ROOT, "- **%s**: %s; %d hours, scored from hour %d; limits %s%n",
					trace.name(), trace.description(), trace.hours(), trace.evaluateFrom(), limits(trace)));
			replay(trace, board);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		String report = String.format(Locale.ROOT,
				"Seed %d; replayed through POST /usage-events; run time %.0f s.%n%n" + "Traces:%n%n%s%n%s", seed,
				seconds, described, board.table());
		System.out.println(report);
		Path out = Path.of(System.getProperty("backtest.out", "target/backtest/report.md"));
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, report);
		Files.write(Path.of(out + ".sums.tsv"), board.sums());
		Files.writeString(Path.of(out + ".traces.md"), described);
		for (String trace : board.traces()) {
			assertThat(board.cell(trace, BacktestPool.WEEKLY).exhaustionHours()
					+ board.cell(trace, BacktestPool.WEEKLY).resetHours())
				.as("hours scored on %s", trace)
				.isPositive();
		}
	}

	private static Map<BacktestPool, Long> limits(Trace trace) {
		Map<BacktestPool, Long> limits = new LinkedHashMap<>();
		for (BacktestPool pool : BacktestPool.values()) {
			limits.put(pool, pool.limit(trace));
		}
		return limits;
	}

	private void replay(Trace trace, Scoreboard board) throws Exception {
		this.cleaner.clean();
		this.clock.set(trace.start());
		Map<BacktestPool, Long> limits = limits(trace);
		for (BacktestPool pool : BacktestPool.values()) {
			this.api.pool(pool.id, pool.json(limits.get(pool)));
		}
		this.api.team(TEAM, "UTC");
		for (BacktestPool pool : BacktestPool.values()) {
			this.api.allocate(pool.id, TEAM);
		}
		long began = System.nanoTime();
		List<String> pending = new ArrayList<>();
		for (int h = 0; h < trace.hours(); h++) {
			int boundary = h + 1;
			if (trace.messages()[h] > 0) {
				pending.add(event(trace, h));
			}
			// Hour by hour once scored; before that a day's events at once, to keep the
			// warm-up short.
			boolean scored = boundary >= trace.evaluateFrom();
			if (!pending.isEmpty() && (scored || boundary % 24 == 0 || boundary + 1 == trace.evaluateFrom())) {
				this.clock.set(trace.eventAt(h));
				this.api.post("/usage-events", "[" + String.join(",", pending) + "]").andExpect(status().isOk());
				pending.clear();
			}
			this.clock.set(trace.hourStart(boundary));
			if (boundary >= trace.evaluateFrom() && boundary < trace.hours()) {
				evaluate(trace, boundary, limits, board);
			}
			if (boundary % 168 == 0) {
				System.out.printf(Locale.ROOT, "[backtest] %s: week %d of %d replayed, %.0f s%n", trace.name(),
						boundary / 168, trace.hours() / 168, (System.nanoTime() - began) / 1e9);
				// The sums so far, so an interrupted run still leaves figures.
				String out = System.getProperty("backtest.out", "target/backtest/report.md");
				Path partial = Path.of(out + ".partial.tsv");
				Files.createDirectories(partial.toAbsolutePath().getParent());
				Files.write(partial, board.sums());
			}
		}
	}

	private static String event(Trace trace, int h) {
		return String.format(Locale.ROOT, """
				{"eventId":"backtest-%d","teamId":"%s","model":"backtest-model","occurredAt":"%s","messages":%d,\
				"inputTokens":%d,"outputTokens":0}""", h, TEAM, trace.eventAt(h), trace.messages()[h],
				trace.tokens()[h]);
	}

	private void evaluate(Trace trace, int hour, Map<BacktestPool, Long> limits, Scoreboard board) {
		Instant now = trace.hourStart(hour);
		for (BacktestPool pool : BacktestPool.values()) {
			TeamForecast forecast = this.forecasts.forTeam(TEAM, pool.id, BacktestScoring.horizon(pool, now),
					Duration.ofHours(1));
			Outlook ours = forecast.pools().get(0);
			WindowView view = pool.view(trace, hour);
			if (hour % 24 == 0) {
				// The replay and the service must agree on what the window holds.
				assertThat(this.availability.of(TEAM, pool.id, null).pools().get(0).used().longValueExact())
					.as("%s %s used at %s", trace.name(), pool.id, now)
					.isEqualTo((long) view.used());
			}
			BacktestScoring.score(trace, hour, pool, limits.get(pool), view, ours, board);
		}
	}

}
