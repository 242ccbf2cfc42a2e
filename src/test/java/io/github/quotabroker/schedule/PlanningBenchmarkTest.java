package io.github.quotabroker.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.support.PoolLoadBuilder;
import io.github.quotabroker.team.WorkingHours;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timing harness for the planning targets of issue #14, on the pure classes (no HTTP, no
 * database reads: what the service adds is the reading of the loads, measured by the slot
 * finder's and the holds' own figures). Tagged {@code benchmark}, so {@code verify}
 * leaves it out; run it alone with
 * {@code ./mvnw -q test -Dtest=PlanningBenchmarkTest -Dtest.excludedGroups=none -Djacoco.skip=true}.
 * Figures go to standard output and {@code target/planning-benchmark.txt}.
 *
 * <ul>
 * <li>the slot finder over a 7-day horizon on a pool with 1,000 active reservations
 * (building the pool's snapshot from them included): p99 over 200 runs, target &lt; 100
 * ms;</li>
 * <li>a 100-task schedule across 3 pools (planner, rooms over the horizon and the
 * knapsack, as the service runs them): target &lt; 500 ms;</li>
 * <li>a 40-task exact knapsack over 3 pools: target &lt; 1 s.</li>
 * </ul>
 */
@Tag("benchmark")
class PlanningBenchmarkTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Instant WEEK = NOW.plus(Duration.ofDays(7));

	private final StringBuilder report = new StringBuilder();

	@Test
	void planningMeetsTheTargetsOfIssue14() throws IOException {
		slotFinder();
		schedule();
		knapsack();
		Path out = Path.of("target", "planning-benchmark.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, this.report.toString());
		System.out.print(this.report);
	}

	/** 1,000 window reservations over the week on a 5-hour pool, scattered and small. */
	static PoolLoadBuilder busyPool(String id, long limit, Duration window, Random random, int reservations) {
		PoolLoadBuilder b = PoolLoadBuilder.rolling(limit, window).id(id).now(NOW).askedBy("t");
		for (int i = 0; i < reservations; i++) {
			Instant start = NOW.plus(Duration.ofMinutes(1 + random.nextInt(7 * 24 * 60)));
			b.hold("other-" + (i % 5), 1 + random.nextInt(limit > 1000 ? 40 : 4), start,
					start.plus(Duration.ofMinutes(15 + random.nextInt(120))), false);
		}
		b.used("t", limit / 3, NOW.minus(Duration.ofHours(2)));
		return b;
	}

	void slotFinder() {
		Random random = new Random(14);
		PoolLoadBuilder builder = busyPool("session", 10_000, Duration.ofHours(5), random, 1000);
		int runs = 200;
		int warmup = 50;
		long[] nanos = new long[runs];
		int found = 0;
		for (int r = -warmup; r < runs; r++) {
			// Amounts from easy to not fitting at all (the limit less the buffer is
			// 9,000):
			// the larger ones walk every candidate of the week.
			long amount = 500 + (Math.floorMod(r, 20) * 440);
			long t0 = System.nanoTime();
			PoolLoad load = builder.build();
			SlotFinder.Answer answer = SlotFinder.find(List.of(new SlotFinder.Draw(load, "t", false, 100)),
					new SlotFinder.Request(amount, Duration.ofHours(2), NOW, WEEK, null, 3), NOW, ZoneOffset.UTC);
			long t = System.nanoTime() - t0;
			if (r >= 0) {
				nanos[r] = t;
				found += answer.fits() ? 1 : 0;
			}
		}
		Arrays.sort(nanos);
		line("slot finder, 7-day horizon, 1,000 active reservations, %d runs (%d found slots): p50 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 < 100 ms)",
				runs, found, ms(nanos[runs / 2]), ms(nanos[(int) Math.ceil(runs * 0.99) - 1]), ms(nanos[runs - 1]));
	}

	void schedule() {
		Random random = new Random(100);
		List<PoolLoadBuilder> builders = List.of(busyPool("session", 10_000, Duration.ofHours(5), random, 300),
				busyPool("weekly", 200_000, Duration.ofDays(7), random, 300),
				PoolLoadBuilder.daily(50_000, LocalTime.of(9, 0), ZoneId.of("Europe/Berlin"))
					.id("daily")
					.now(NOW)
					.askedBy("t"));
		List<SchedulePlanner.Task> tasks = new ArrayList<>();
		String[] pools = { "session", "weekly", "daily" };
		Priority[] priorities = Priority.values();
		for (int i = 0; i < 100; i++) {
			List<Integer> deps = new ArrayList<>();
			if (i > 0 && random.nextInt(10) < 3) {
				deps.add(random.nextInt(i));
			}
			List<String> drawn = (random.nextBoolean()) ? List.of(pools[random.nextInt(3)])
					: List.of("session", "weekly");
			Instant deadline = random.nextInt(3) == 0 ? NOW.plus(Duration.ofHours(6 + random.nextInt(160))) : null;
			tasks.add(new SchedulePlanner.Task("t" + i, 200 + random.nextInt(2500),
					Duration.ofMinutes(30 + random.nextInt(8) * 30), deadline, deps,
					priorities[random.nextInt(priorities.length)], random.nextInt(4) == 0, drawn));
		}
		List<WorkingHours.Span> hours = new WorkingHours(ZoneId.of("Europe/Berlin"), LocalTime.of(9, 0),
				LocalTime.of(18, 0))
			.spans(NOW, WEEK);
		List<WorkingHours.Span> night = new WorkingHours(ZoneId.of("Europe/Berlin"), LocalTime.of(22, 0),
				LocalTime.of(6, 0))
			.spans(NOW, WEEK);
		SchedulePlanner.Terms terms = new SchedulePlanner.Terms("t", 100, NOW, WEEK, hours, night,
				ZoneId.of("Europe/Berlin"));
		int runs = 20;
		long[] nanos = new long[runs];
		SchedulePlanner.Plan plan = null;
		for (int r = -5; r < runs; r++) {
			long t0 = System.nanoTime();
			Map<String, PoolLoad> loads = new LinkedHashMap<>();
			builders.forEach((b) -> {
				PoolLoad l = b.build();
				loads.put(l.pool().id(), l);
			});
			Map<String, Long> available = new LinkedHashMap<>();
			loads.forEach((id, l) -> available.put(id, SchedulePlanner.availableOver(l, NOW, WEEK, "t")));
			plan = SchedulePlanner.plan(tasks, loads, terms, NOW);
			if (!plan.infeasible().isEmpty()) {
				List<Knapsack.Item> items = new ArrayList<>();
				for (SchedulePlanner.Task t : tasks) {
					long[] w = new long[3];
					for (int j = 0; j < 3; j++) {
						w[j] = t.poolIds().contains(pools[j]) ? t.amount() : 0;
					}
					items.add(new Knapsack.Item(ScheduleService.defaultValue(t.priority()), w));
				}
				Knapsack.best(items,
						new long[] { available.get("session"), available.get("weekly"), available.get("daily") });
			}
			long t = System.nanoTime() - t0;
			if (r >= 0) {
				nanos[r] = t;
			}
		}
		Arrays.sort(nanos);
		line("100-task schedule across 3 pools (600 existing reservations, dependencies, working hours), %d runs: %d placed, %d infeasible; median %.1f ms, max %.1f ms (target < 500 ms)",
				runs, plan.placed().size(), plan.infeasible().size(), ms(nanos[runs / 2]), ms(nanos[runs - 1]));
	}

	void knapsack() {
		knapsack(false);
		knapsack(true);
	}

	/**
	 * @param correlated values proportional to the weights (plus noise): the hard kind of
	 * instance for branch and bound, since every item looks alike to the bound
	 */
	void knapsack(boolean correlated) {
		int instances = 20;
		long[] nanos = new long[instances];
		long[] values = { 1, 2, 4, 8 };
		String method = null;
		int exact = 0;
		for (int s = -3; s < instances; s++) {
			Random random = new Random(4000 + Math.abs(s));
			List<Knapsack.Item> items = new ArrayList<>();
			long[] sum = new long[3];
			for (int i = 0; i < 40; i++) {
				long[] w = new long[3];
				for (int j = 0; j < 3; j++) {
					w[j] = random.nextInt(4) == 0 ? 0 : 100 + random.nextInt(2400);
					sum[j] += w[j];
				}
				long value = correlated ? (w[0] + w[1] + w[2]) / 100 + random.nextInt(10) : values[random.nextInt(4)];
				items.add(new Knapsack.Item(value, w));
			}
			long[] capacity = { sum[0] / 2, sum[1] / 2, sum[2] / 2 };
			long t0 = System.nanoTime();
			Knapsack.Choice choice = Knapsack.best(items, capacity);
			long t = System.nanoTime() - t0;
			if (s >= 0) {
				exact += choice.exact() ? 1 : 0;
				nanos[s] = t;
				method = choice.method();
			}
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		line("40-task exact knapsack over 3 pools (capacity half the demand, values %s), %d random instances, %d proven best: median %.1f ms, max %.1f ms (target < 1 s); last: %s",
				correlated ? "correlated with the weights" : "by priority 1/2/4/8", instances, exact,
				ms(sorted[instances / 2]), ms(sorted[instances - 1]), method);
	}

	private void line(String format, Object... args) {
		this.report.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

}
