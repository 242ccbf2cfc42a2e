package io.github.quotabroker.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.usage.MinuteUsage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calibration against generated truth (issue #16): a hidden 5-hour limit, a status line
 * whose percent is rounded, lags and is sometimes wrong or stale, usage the ledger never
 * sees in some windows, and a ledger that records usage minutes late. The estimate must
 * come within 5 % of the hidden limit after {@link #CONVERGED_AFTER} readings, for every
 * seed; the figures (also against three baselines) go to
 * {@code target/calibration-report.md} and docs/benchmarks.md.
 */
class CalibrationConvergenceTest {

	static final long HIDDEN_LIMIT = 900;

	static final int CONVERGED_AFTER = 160;

	static final int SEEDS = 10;

	static final int[] CHECKPOINTS = { 5, 10, 20, 40, 80, 160, 320 };

	private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

	private static final Duration FIVE_HOURS = Duration.ofHours(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pool POOL = new Pool("session", "session", Unit.MESSAGES, 1500, new RollingWindow(FIVE_HOURS),
			List.of(ModelPattern.of("claude-*")), TokenWeights.DEFAULT, StatusThresholds.DEFAULT, PoolPolicy.DEFAULT,
			START, START);

	/** One message: when, whether the ledger sees it, and when it reaches the ledger. */
	record Message(Instant at, boolean seen, Instant recordedAt) {
	}

	/** A generated history: the messages and the status line's posts, in time order. */
	record History(List<Message> messages, List<String> posts, List<Instant> postedAt) {
	}

	static History generate(long seed) {
		Random random = new Random(seed);
		List<Message> messages = new ArrayList<>();
		List<String> posts = new ArrayList<>();
		List<Instant> postedAt = new ArrayList<>();
		Instant windowStart = START.plus(Duration.ofMinutes(random.nextInt(600)));
		Instant previousReset = null;
		while (posts.size() < 400) {
			Instant reset = windowStart.plus(FIVE_HOURS);
			// Some windows run into the limit, most stop short of it.
			long planned = Math.min(HIDDEN_LIMIT, Math.round(HIDDEN_LIMIT * (0.3 + random.nextDouble() * 0.8)));
			// A third of the windows have a member without the hook: 10-40 % unseen.
			double unseen = (random.nextDouble() < 0.3) ? 0.1 + random.nextDouble() * 0.3 : 0;
			long span = (long) ((1 + random.nextDouble() * 4) * 3600);
			List<Instant> times = new ArrayList<>();
			for (long i = 0; i < planned; i++) {
				times.add(windowStart.plusSeconds((i == 0) ? 0 : random.nextLong(span)));
			}
			times.sort(null);
			long count = 0;
			for (Instant at : times) {
				count++;
				boolean seen = random.nextDouble() >= unseen;
				messages.add(new Message(at, seen, at.plusSeconds(random.nextInt(300))));
				if (random.nextDouble() < 0.04) {
					// The status line shows the percent of the last response it saw: up
					// to
					// three minutes old, rounded, now and then off by up to 10 points.
					Instant observedAt = at.plusSeconds(random.nextInt(30));
					Instant asOf = observedAt.minusSeconds(random.nextInt(180));
					long counted = times.stream().filter((t) -> !t.isAfter(asOf)).count();
					double percent = 100.0 * counted / HIDDEN_LIMIT;
					if (random.nextDouble() < 0.05) {
						percent += (random.nextDouble() * 2 - 1) * 10;
					}
					percent = Math.max(0, Math.min(100, Math.round(percent)));
					long resetsAt = reset.getEpochSecond();
					if (previousReset != null && random.nextDouble() < 0.03) {
						// A cached reading of the window before: stale.
						resetsAt = previousReset.getEpochSecond();
					}
					posts.add("""
							{"source":"status-line","observedAt":"%s","memberId":"ana",
							 "rateLimits":{"five_hour":{"used_percentage":%s,"resets_at":%d}}}
							""".formatted(observedAt, percent, resetsAt));
					postedAt.add(observedAt);
				}
			}
			previousReset = reset;
			// The next session starts with its first message: right at the reset (a busy
			// team) or after a pause.
			double pause = (random.nextDouble() < 0.3) ? 0 : -Math.log(1 - random.nextDouble()) * 3 * 3600;
			windowStart = reset.plusSeconds((long) pause);
		}
		messages.sort((a, b) -> a.at().compareTo(b.at()));
		return new History(messages, posts, postedAt);
	}

	/** The ledger's minute buckets as the service would read them at {@code now}. */
	static LedgerSums ledgerAt(History history, Instant now) {
		TreeMap<Instant, Long> minutes = new TreeMap<>();
		for (Message m : history.messages()) {
			if (m.seen() && !m.recordedAt().isAfter(now) && !m.at().isAfter(now)) {
				minutes.merge(m.at().truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
			}
		}
		List<MinuteUsage> list = new ArrayList<>();
		minutes.forEach((at, amount) -> list.add(new MinuteUsage(at, amount)));
		return new LedgerSums(list);
	}

	/** What each method estimates from the first {@code k} posts. */
	static Map<String, double[]> estimates(History history, int k) {
		Instant now = history.postedAt().get(k - 1).plusSeconds(1);
		List<Observation> readings = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			readings.addAll(ObservationParser.parse(JSON.readTree(history.posts().get(i)), POOL, now).observations());
		}
		LedgerSums ledger = ledgerAt(history, now);
		Map<String, double[]> out = new HashMap<>();
		out.put("windows", new double[] { readings.stream().map(Observation::resetsAt).distinct().count() });
		LimitEstimator.Estimate ours = LimitEstimator.estimate(Readings.samples(POOL, readings, ledger), now,
				LimitEstimator.Settings.DEFAULT, new HashMap<>());
		if (ours != null) {
			out.put("estimator", new double[] { ours.limit(), ours.lower(), ours.upper() });
		}
		// Baseline: the same estimator on the pool's own rolling window (no alignment).
		List<LimitEstimator.Sample> unaligned = new ArrayList<>();
		double sum = 0;
		int n = 0;
		for (Observation o : readings) {
			long used = ledger.between(o.observedAt().minus(FIVE_HOURS), o.observedAt());
			unaligned.add(new LimitEstimator.Sample(o.observedAt(), o.usedPercent().doubleValue(), used,
					Readings.windowStart(POOL, o).toString()));
			if (o.usedPercent().doubleValue() >= 5 && used > 0) {
				sum += used * 100 / o.usedPercent().doubleValue();
				n++;
			}
		}
		LimitEstimator.Estimate pooled = LimitEstimator.estimate(unaligned, now, LimitEstimator.Settings.DEFAULT,
				new HashMap<>());
		if (pooled != null) {
			out.put("unaligned", new double[] { pooled.limit() });
		}
		// Baseline: the plain mean of the implied limits on the pool's window.
		if (n > 0) {
			out.put("mean", new double[] { sum / n });
		}
		// Baseline: the latest usable reading alone (aligned).
		List<LimitEstimator.Sample> aligned = Readings.samples(POOL, readings, ledger);
		for (int i = aligned.size() - 1; i >= 0; i--) {
			LimitEstimator.Sample s = aligned.get(i);
			if (s.percent() >= 5 && s.ledgerUsed() > 0) {
				out.put("latest", new double[] { s.ledgerUsed() * 100 / s.percent() });
				break;
			}
		}
		return out;
	}

	public static void main(String[] args) throws IOException {
		new CalibrationConvergenceTest().theEstimateComesWithinFivePercentOfTheHiddenLimitForEverySeed();
	}

	@Test
	void theEstimateComesWithinFivePercentOfTheHiddenLimitForEverySeed() throws IOException {
		String[] methods = { "estimator", "unaligned", "mean", "latest" };
		StringBuilder report = new StringBuilder();
		report.append("Hidden limit ")
			.append(HIDDEN_LIMIT)
			.append(" messages per 5-hour provider window; ")
			.append(SEEDS)
			.append(" seeds. Error = |estimate - hidden| / hidden, median and worst over the seeds; ")
			.append("coverage = seeds whose 95 % interval holds the hidden limit.\n\n")
			.append("| readings | windows (median) | estimator median | estimator worst | coverage | unaligned worst | mean worst | latest worst |\n")
			.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		double worst = 0;
		for (int k : CHECKPOINTS) {
			Map<String, List<Double>> errors = new HashMap<>();
			int covered = 0;
			List<Double> windows = new ArrayList<>();
			for (long seed = 1; seed <= SEEDS; seed++) {
				Map<String, double[]> e = estimates(generate(seed), k);
				windows.add(e.get("windows")[0]);
				for (String method : methods) {
					double[] v = e.get(method);
					double error = (v != null) ? Math.abs(v[0] - HIDDEN_LIMIT) / HIDDEN_LIMIT : 1;
					errors.computeIfAbsent(method, (m) -> new ArrayList<>()).add(error);
				}
				double[] ours = e.get("estimator");
				if (ours != null && ours[1] <= HIDDEN_LIMIT && HIDDEN_LIMIT <= ours[2]) {
					covered++;
				}
			}
			List<Double> ours = errors.get("estimator");
			report.append(String.format(Locale.ROOT,
					"| %d | %.0f | %.1f %% | %.1f %% | %d/%d | %.1f %% | %.1f %% | %.1f %% |%n", k, median(windows),
					100 * median(ours), 100 * max(ours), covered, SEEDS, 100 * max(errors.get("unaligned")),
					100 * max(errors.get("mean")), 100 * max(errors.get("latest"))));
			if (k >= CONVERGED_AFTER) {
				worst = Math.max(worst, max(ours));
			}
		}
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "calibration-report.md"), report.toString());
		assertThat(worst).as("worst error from %d readings on:%n%s", CONVERGED_AFTER, report).isLessThanOrEqualTo(0.05);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
	}

}
