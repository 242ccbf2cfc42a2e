package io.github.quotabroker.simulation;

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
import java.util.Random;
import java.util.TreeSet;

import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.queue.QueueGrants;
import io.github.quotabroker.reservation.ReservationService;
import io.github.quotabroker.simulation.FairShareSimulation.Backlogged;
import io.github.quotabroker.simulation.FairShareSimulation.Job;
import io.github.quotabroker.simulation.FairShareSimulation.JobShape;
import io.github.quotabroker.simulation.FairShareSimulation.Run;
import io.github.quotabroker.simulation.FairShareSimulation.Scenario;
import io.github.quotabroker.simulation.FairShareSimulation.Scripted;
import io.github.quotabroker.simulation.FairShareSimulation.Waits;
import io.github.quotabroker.support.IntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue #5's proof by simulation: the real reservation service on PostgreSQL with the
 * test clock, driven by {@link FairShareSimulation}, against plain FIFO on the same jobs.
 * Each test prints its figures and adds them to {@code target/simulation-report.md}.
 *
 * <p>
 * "The same inputs": every team draws its jobs (amount, what it uses, how long it works)
 * from its own seeded random sequence and keeps the same number of requests outstanding,
 * and scripted requests arrive at the same instants, in both runs; FIFO is an in-memory
 * model on the same pool arithmetic (see {@link FifoBroker}).
 */
class SimulationIT extends IntegrationTestBase {

	private static final Instant S = TestBeans.START;

	private static final Duration HOUR = Duration.ofHours(1);

	private static final String POOL = "sim";

	/** Jobs of 10 to 40 messages using 70 to 100 % of it, working 5 to 15 minutes. */
	private static final JobShape SMALL = new JobShape(10, 40, 70, Duration.ofMinutes(5), Duration.ofMinutes(15),
			Duration.ofMinutes(30));

	private static final StringBuilder REPORT = new StringBuilder();

	@Autowired
	ReservationService reservations;

	@Autowired
	QueueGrants queue;

	@Autowired
	ApplicationContext context;

	private SmartLifecycle dispatcher;

	@BeforeEach
	void stopTheQueueDispatcher() {
		// Dispatch is driven by the simulation at simulated instants only.
		this.dispatcher = this.context.getBeansOfType(SmartLifecycle.class)
			.values()
			.stream()
			.filter((b) -> b.getClass().getSimpleName().startsWith("QueueDispatcher"))
			.findFirst()
			.orElseThrow();
		this.dispatcher.stop();
	}

	@AfterEach
	void restartTheQueueDispatcher() {
		this.dispatcher.start();
	}

	@AfterAll
	static void writeTheReport() throws IOException {
		Path target = Path.of("target");
		Files.createDirectories(target);
		Files.writeString(target.resolve("simulation-report.md"),
				"# Issue #5: fair share and the queue (simulation)\n\n" + REPORT);
	}

	// ---- 1 -----------------------------------------------------------------

	@Test
	void backloggedTeamsConvergeToTheirWeights() throws Exception {
		Map<String, Long> weights = weights(2, 1, 1);
		setUp(1000, "PT1H", "PT1H", weights, Map.of(), "20");
		List<Backlogged> load = new ArrayList<>();
		weights.keySet().forEach((t) -> load.add(new Backlogged(t, Priority.MEDIUM, S, S.plus(hours(6)), 12, SMALL)));
		Scenario scenario = new Scenario("1. Three teams, weights 2:1:1, all backlogged", 1000, HOUR, weights, S,
				S.plus(hours(6)), load, List.of(), 1);
		Outcome service = service(scenario);
		Outcome fifo = fifo(scenario);

		Instant from = S.plus(HOUR);
		Instant to = S.plus(hours(6));
		Figures s = figures(service, from, to, weights);
		Figures f = figures(fifo, from, to, weights);
		report(scenario,
				"all three teams keep 12 MEDIUM requests outstanding from 12:00 to 18:00; measured 13:00 to 18:00", s,
				f, List.<String[]>of(backlogRow(service, fifo, from, to)));

		assertThat(s.percent("alpha")).isCloseTo(50.0, within(2.0));
		assertThat(s.percent("beta")).isCloseTo(25.0, within(2.0));
		assertThat(s.percent("gamma")).isCloseTo(25.0, within(2.0));
		assertThat(s.utilisation).isGreaterThanOrEqualTo(0.95);
		assertThat(s.jain).isGreaterThanOrEqualTo(0.95);
	}

	// ---- 2 -----------------------------------------------------------------

	@Test
	void anIdleTeamsShareIsBorrowedWithinCapsAndItsGuaranteeIsNeverLentAway() throws Exception {
		Map<String, Long> weights = weights(1, 1, 1);
		long limit = 900;
		long share = 300;
		long cap = 375;
		long guaranteed = 150;
		setUp(limit, "PT1H", "PT1H", weights, Map.of("gamma", guaranteed), "25");
		Instant wakes = S.plus(hours(2));
		Instant end = S.plus(hours(5));
		List<Backlogged> load = List.of(new Backlogged("alpha", Priority.MEDIUM, S, end, 12, SMALL),
				new Backlogged("beta", Priority.MEDIUM, S, end, 12, SMALL),
				new Backlogged("gamma", Priority.MEDIUM, wakes, end, 12, SMALL));
		Scenario scenario = new Scenario("2. One team idle, then waking", limit, HOUR, weights, S, end, load, List.of(),
				2);
		Outcome service = service(scenario);
		Outcome fifo = fifo(scenario);

		// Idle phase: what may be lent is the limit less gamma's unused guarantee.
		Instant idleFrom = S.plus(Duration.ofMinutes(15));
		Figures sIdle = figures(service, idleFrom, wakes, weights(1, 1, 0),
				(t) -> limit - unusedGuarantee(service, t, guaranteed));
		Figures fIdle = figures(fifo, idleFrom, wakes, weights(1, 1, 0),
				(t) -> limit - unusedGuarantee(fifo, t, guaranteed));
		double sIdleRaw = FairShareSimulation.utilisation(service.runs(), HOUR, idleFrom, wakes, (t) -> limit,
				(t) -> true);
		double fIdleRaw = FairShareSimulation.utilisation(fifo.runs(), HOUR, idleFrom, wakes, (t) -> limit,
				(t) -> true);
		Instant from = S.plus(hours(3));
		Figures s = figures(service, from, end, weights);
		Figures f = figures(fifo, from, end, weights);
		List<String> sLent = lentAway(service, limit, guaranteed);
		List<String> fLent = lentAway(fifo, limit, guaranteed);
		List<String> sFirst = notServedFirst(service, wakes, share);
		List<String> fFirst = notServedFirst(fifo, wakes, share);
		long sAlphaMax = maxOccupied(service, "alpha", S, wakes);
		long sBetaMax = maxOccupied(service, "beta", S, wakes);
		long fAlphaMax = maxOccupied(fifo, "alpha", S, wakes);
		long fBetaMax = maxOccupied(fifo, "beta", S, wakes);
		report(scenario, "weights 1:1:1 (share " + share + "), borrowing up to 25 % (cap " + cap
				+ "), gamma guaranteed " + guaranteed
				+ "; alpha and beta keep 12 MEDIUM requests outstanding from 12:00 to 17:00, gamma idle until 14:00 and then"
				+ " the same; whole-pool figures measured 15:00 to 17:00", s, f,
				List.<String[]>of(new String[] {
						"Idle phase (12:15 to 14:00): utilisation of what may be lent (limit − gamma's unused guarantee)",
						pct(sIdle.utilisation()), pct(fIdle.utilisation()) },
						new String[] { "Idle phase: utilisation of the whole pool", pct(sIdleRaw), pct(fIdleRaw) },
						new String[] {
								"Idle phase: most alpha / beta used + held (share " + share + ", cap " + cap + ")",
								sAlphaMax + " / " + sBetaMax, fAlphaMax + " / " + fBetaMax },
						new String[] { "Instants at which gamma's unused guarantee was lent away", sLent.size() + "",
								fLent.size() + "" },
						new String[] {
								"Grants to alpha/beta while gamma, below its share, waited (until it first reached its share)",
								sFirst.size() + "", fFirst.size() + "" },
						new String[] { "Gamma reaches its share at", time(reachesShare(service, wakes, share)),
								time(reachesShare(fifo, wakes, share)) },
						backlogRow(service, fifo, from, end)));

		assertThat(sLent).as("gamma's guarantee lent away").isEmpty();
		assertThat(sAlphaMax).isGreaterThan(share).isLessThanOrEqualTo(cap);
		assertThat(sBetaMax).isGreaterThan(share).isLessThanOrEqualTo(cap);
		assertThat(sFirst).as("alpha/beta granted before gamma reached its share").isEmpty();
		assertThat(sIdle.utilisation()).isGreaterThanOrEqualTo(0.95);
		assertThat(s.utilisation()).isGreaterThanOrEqualTo(0.95);
		assertThat(s.jain()).isGreaterThanOrEqualTo(0.95);
	}

	private static long unusedGuarantee(Outcome o, Instant t, long guaranteed) {
		return Math.max(0, guaranteed - FairShareSimulation.occupied(o.runs(), HOUR, t, "gamma"));
	}

	/**
	 * Instants (every event and every minute) at which alpha and beta took gamma's
	 * guarantee.
	 */
	private static List<String> lentAway(Outcome o, long limit, long guaranteed) {
		TreeSet<Instant> instants = new TreeSet<>(
				FairShareSimulation.minutes(o.scenario().start(), o.scenario().end()));
		for (Run r : o.runs()) {
			instants.add(r.queuedAt);
			if (r.grantedAt != null) {
				instants.add(r.grantedAt);
			}
			if (r.completedAt != null) {
				instants.add(r.completedAt);
			}
		}
		List<String> lent = new ArrayList<>();
		for (Instant t : instants) {
			long others = FairShareSimulation.occupied(o.runs(), HOUR, t, "alpha")
					+ FairShareSimulation.occupied(o.runs(), HOUR, t, "beta");
			if (others > limit - unusedGuarantee(o, t, guaranteed)) {
				lent.add(t + ": alpha+beta " + others);
			}
		}
		return lent;
	}

	/**
	 * Grants to alpha and beta from gamma's waking until it first reaches its share, made
	 * while a request of gamma's waited and gamma was below its share. (Once there, all
	 * three hover around their shares, and fair share rightly serves whichever is
	 * furthest below.)
	 */
	private static List<String> notServedFirst(Outcome o, Instant wakes, long share) {
		List<String> found = new ArrayList<>();
		Instant reached = reachesShare(o, wakes, share);
		for (Run r : o.runs()) {
			if (r.job.team().equals("gamma") || r.grantedAt == null || r.grantedAt.isBefore(wakes)
					|| (reached != null && !r.grantedAt.isBefore(reached))) {
				continue;
			}
			Instant t = r.grantedAt;
			boolean gammaWaits = o.runs()
				.stream()
				.anyMatch((g) -> g.job.team().equals("gamma") && g.queuedAt.isBefore(t)
						&& FairShareSimulation.waiting(g, t));
			if (gammaWaits && FairShareSimulation.occupied(o.runs(), HOUR, t, "gamma") < share) {
				found.add(t + ": " + r.job.id());
			}
		}
		return found;
	}

	private static Instant reachesShare(Outcome o, Instant from, long share) {
		for (Instant t : FairShareSimulation.minutes(from, o.scenario().end())) {
			if (FairShareSimulation.occupied(o.runs(), HOUR, t, "gamma") >= share) {
				return t;
			}
		}
		return null;
	}

	private static long maxOccupied(Outcome o, String team, Instant from, Instant to) {
		long max = 0;
		for (Instant t : FairShareSimulation.minutes(from, to)) {
			max = Math.max(max, FairShareSimulation.occupied(o.runs(), HOUR, t, team));
		}
		for (Run r : o.runs()) {
			if (r.grantedAt != null && !r.grantedAt.isBefore(from) && r.grantedAt.isBefore(to)) {
				max = Math.max(max, FairShareSimulation.occupied(o.runs(), HOUR, r.grantedAt, team));
			}
		}
		return max;
	}

	// ---- 3 -----------------------------------------------------------------

	@Test
	void criticalRequestsWaitLessThanOneHoldAndLowRequestsAgeIntoTheirTurn() throws Exception {
		Map<String, Long> weights = weights(1, 1, 1);
		Duration aging = Duration.ofMinutes(20);
		setUp(1000, "PT1H", aging.toString(), weights, Map.of(), "null");
		Instant floodEnds = S.plus(hours(3));
		Instant end = S.plus(hours(5));
		Random random = new Random(3);
		List<Scripted> script = new ArrayList<>();
		int n = 0;
		for (Instant t = S; t.isBefore(floodEnds); t = t.plus(Duration.ofMinutes(5))) {
			for (String team : List.of("alpha", "beta")) {
				int k = 1 + random.nextInt(3);
				for (int i = 0; i < k; i++) {
					script.add(new Scripted(t, SMALL.draw(team + "-low-" + (++n), team, Priority.LOW, random)));
				}
			}
		}
		JobShape critical = new JobShape(10, 20, 70, Duration.ofMinutes(5), Duration.ofMinutes(10),
				Duration.ofMinutes(30));
		for (Instant t = S.plus(Duration.ofMinutes(15)); t.isBefore(floodEnds); t = t.plus(Duration.ofMinutes(15))) {
			script.add(new Scripted(t, critical.draw("gamma-critical-" + (++n), "gamma", Priority.CRITICAL, random)));
		}
		Scenario scenario = new Scenario("3. A flood of LOW requests and a trickle of CRITICAL ones", 1000, HOUR,
				weights, S, end, List.of(), script, 3);
		Outcome service = service(scenario);
		Outcome fifo = fifo(scenario);

		// A hold frees when its work commits: the shortest work of the flood's holds.
		Duration oneHold = SMALL.minWork();
		Duration lowBound = aging.multipliedBy(3).plus(HOUR);
		Instant from = S.plus(Duration.ofMinutes(15));
		Map<String, Long> backlogged = weights(1, 1, 0);
		backlogged.remove("gamma");
		Figures s = figures(service, from, floodEnds, backlogged);
		Figures f = figures(fifo, from, floodEnds, backlogged);
		report(scenario, "equal weights, borrowing without limit, agingInterval " + aging
				+ "; alpha and beta each send 1 to 3 LOW requests every 5 minutes from 12:00 to 15:00 (about 125 % of what"
				+ " the pool serves, with gamma's), gamma one CRITICAL request of 10 to 20 every 15 minutes; figures"
				+ " measured 12:15 to 15:00, waits over the whole run to 17:00", s, f,
				List.<String[]>of(
						new String[] { "Bound on CRITICAL waits (one hold's shortest work)", dur(oneHold), "" },
						new String[] { "Bound on LOW waits (3 aging intervals + one window)", dur(lowBound), "" }));

		assertThat(s.waits().get(Priority.CRITICAL).notGranted()).isZero();
		assertThat(s.waits().get(Priority.CRITICAL).max()).isLessThan(oneHold);
		assertThat(s.waits().get(Priority.LOW).notGranted()).isZero();
		assertThat(s.waits().get(Priority.LOW).max()).isLessThanOrEqualTo(lowBound);
		assertThat(s.utilisation()).isGreaterThanOrEqualTo(0.95);
		assertThat(s.jain()).isGreaterThanOrEqualTo(0.95);
	}

	// ---- 4 -----------------------------------------------------------------

	@Test
	void aHugeRequestIsGrantedNoLaterThanItsFirstEstimate() throws Exception {
		Map<String, Long> weights = weights(1, 1, 1);
		setUp(1000, "PT1H", "PT1H", weights, Map.of(), "null");
		Instant end = S.plus(hours(4));
		List<Backlogged> load = new ArrayList<>();
		weights.keySet().forEach((t) -> load.add(new Backlogged(t, Priority.MEDIUM, S, end, 12, SMALL)));
		Job huge = new Job("alpha-huge", "alpha", Priority.MEDIUM, 600, 600, Duration.ofMinutes(15),
				Duration.ofMinutes(30));
		Scenario scenario = new Scenario("4. One huge request among many small ones", 1000, HOUR, weights, S, end, load,
				List.of(new Scripted(S.plus(Duration.ofMinutes(90)), huge)), 4);
		Outcome service = service(scenario);
		Outcome fifo = fifo(scenario);

		Instant from = S.plus(HOUR);
		Figures s = figures(service, S.plus(Duration.ofMinutes(30)), end, weights);
		Figures f = figures(fifo, S.plus(Duration.ofMinutes(30)), end, weights);
		Figures sj = figures(service, from, end, weights);
		Figures fj = figures(fifo, from, end, weights);
		Run sHuge = run(service, huge.id());
		Run fHuge = run(fifo, huge.id());
		report(scenario, "equal weights, borrowing without limit; every team keeps 12 MEDIUM requests of 10 to 40"
				+ " outstanding from 12:00 to 16:00, alpha asks for 600 at 13:30; utilisation measured 12:30 to 16:00,"
				+ " consumption 13:00 to 16:00", s, f,
				List.<String[]>of(new String[] { "Jain's index 13:00 to 16:00", num(sj.jain()), num(fj.jain()) },
						new String[] { "Huge request: estimate when queued", time(sHuge.estimatedGrantAt), "–" },
						new String[] { "Huge request: granted (wait)",
								time(sHuge.grantedAt) + " (" + dur(waited(sHuge)) + ")",
								time(fHuge.grantedAt) + " (" + dur(waited(fHuge)) + ")" },
						backlogRow(service, fifo, from, end)));

		assertThat(sHuge.estimatedGrantAt).isNotNull();
		assertThat(sHuge.grantedAt).isNotNull().isBeforeOrEqualTo(sHuge.estimatedGrantAt);
		assertThat(s.utilisation()).isGreaterThanOrEqualTo(0.95);
		assertThat(sj.jain()).isGreaterThanOrEqualTo(0.95);
	}

	private static Run run(Outcome o, String jobId) {
		return o.runs().stream().filter((r) -> r.job.id().equals(jobId)).findFirst().orElseThrow();
	}

	private static Duration waited(Run r) {
		return (r.grantedAt != null) ? r.waited() : null;
	}

	private static String time(Instant t) {
		return (t == null) ? "never" : t.toString().substring(11, 16);
	}

	/** How much of the measured time each team had a request waiting (backlogged). */
	private static String[] backlogRow(Outcome service, Outcome fifo, Instant from, Instant to) {
		List<String> teams = new ArrayList<>(service.scenario().weights().keySet());
		return new String[] { "Minutes with a request waiting, " + String.join(" / ", teams),
				backlogged(service, teams, from, to), backlogged(fifo, teams, from, to) };
	}

	private static String backlogged(Outcome o, List<String> teams, Instant from, Instant to) {
		List<Instant> minutes = FairShareSimulation.minutes(from, to);
		List<String> parts = new ArrayList<>();
		for (String team : teams) {
			long n = minutes.stream()
				.filter((t) -> o.runs()
					.stream()
					.anyMatch((r) -> r.job.team().equals(team) && FairShareSimulation.waiting(r, t)))
				.count();
			parts.add(String.format(Locale.ROOT, "%.0f", 100.0 * n / minutes.size()));
		}
		return String.join(" / ", parts) + " %";
	}

	// ---- helpers -----------------------------------------------------------

	record Outcome(Scenario scenario, String broker, List<Run> runs) {
	}

	/** The figures of one run over a measured interval. */
	record Figures(double utilisation, double jain, Map<String, Long> consumed, Map<Priority, Waits> waits) {

		double percent(String team) {
			long total = this.consumed.values().stream().mapToLong(Long::longValue).sum();
			return 100.0 * this.consumed.get(team) / total;
		}

	}

	private Outcome service(Scenario scenario) {
		long started = System.nanoTime();
		List<Run> runs = new FairShareSimulation(scenario,
				new ServiceBroker(this.reservations, this.queue, this.jdbc, POOL), this.clock::set)
			.run();
		System.out.printf(Locale.ROOT, "%s: service run of %d requests in %d ms%n", scenario.name(), runs.size(),
				(System.nanoTime() - started) / 1_000_000);
		return new Outcome(scenario, "service", runs);
	}

	private static Outcome fifo(Scenario scenario) {
		return new Outcome(scenario, "FIFO",
				new FairShareSimulation(scenario, new FifoBroker(scenario.limit(), scenario.window()), (t) -> {
				}).run());
	}

	private static Figures figures(Outcome o, Instant from, Instant to, Map<String, Long> backlogged) {
		return figures(o, from, to, backlogged, (t) -> o.scenario().limit());
	}

	private static Figures figures(Outcome o, Instant from, Instant to, Map<String, Long> backlogged,
			java.util.function.ToLongFunction<Instant> capacity) {
		double utilisation = FairShareSimulation.utilisation(o.runs(), o.scenario().window(), from, to, capacity,
				(t) -> true);
		Map<String, Long> consumed = FairShareSimulation.consumed(o.runs(), from, to,
				new ArrayList<>(backlogged.keySet()));
		return new Figures(utilisation, FairShareSimulation.jain(consumed, backlogged), consumed,
				FairShareSimulation.waits(o.runs()));
	}

	private void setUp(long limit, String window, String aging, Map<String, Long> weights, Map<String, Long> guaranteed,
			String borrowLimitPercent) throws Exception {
		this.api.pool(POOL, """
				{"name":"simulated","unit":"MESSAGES","limit":%d,"window":{"type":"ROLLING","duration":"%s"},
				 "models":["sim-*"],"agingInterval":"%s"}
				""".formatted(limit, window, aging));
		for (Map.Entry<String, Long> e : weights.entrySet()) {
			this.api.team(e.getKey(), "UTC");
			this.api.put("/pools/" + POOL + "/allocations/" + e.getKey(), """
					{"weight":%d,"guaranteed":%d,"borrowLimitPercent":%s}
					""".formatted(e.getValue(), guaranteed.getOrDefault(e.getKey(), 0L), borrowLimitPercent))
				.andExpect(
						org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().is2xxSuccessful());
		}
	}

	private static Map<String, Long> weights(long alpha, long beta, long gamma) {
		Map<String, Long> weights = new LinkedHashMap<>();
		weights.put("alpha", alpha);
		weights.put("beta", beta);
		weights.put("gamma", gamma);
		return weights;
	}

	private static Duration hours(long h) {
		return Duration.ofHours(h);
	}

	private static void report(Scenario scenario, String setting, Figures s, Figures f, List<String[]> extra) {
		StringBuilder r = new StringBuilder();
		r.append("### ").append(scenario.name()).append("\n\n");
		r.append("Pool: limit ")
			.append(scenario.limit())
			.append(" messages, rolling ")
			.append(scenario.window())
			.append("; ")
			.append(setting)
			.append(".\n\n");
		r.append("| Figure | Service | Plain FIFO |\n|---|---|---|\n");
		r.append(row("Pool utilisation while requests wait", pct(s.utilisation), pct(f.utilisation)));
		r.append(row("Jain's index of used/share, backlogged teams", num(s.jain), num(f.jain)));
		r.append(row("Consumption " + String.join(" / ", s.consumed.keySet()), split(s), split(f)));
		for (Priority p : s.waits.keySet()) {
			r.append(row(p + " wait p50 / p99 / max", waits(s.waits.get(p)), waits(f.waits.get(p))));
		}
		for (String[] e : extra) {
			r.append(row(e[0], e[1], e[2]));
		}
		r.append('\n');
		System.out.print(r);
		REPORT.append(r);
	}

	private static String row(String a, String b, String c) {
		return "| " + a + " | " + b + " | " + c + " |\n";
	}

	static String pct(double v) {
		return String.format(Locale.ROOT, "%.1f %%", 100 * v);
	}

	static String num(double v) {
		return String.format(Locale.ROOT, "%.3f", v);
	}

	private static String split(Figures f) {
		List<String> parts = new ArrayList<>();
		f.consumed.keySet().forEach((t) -> parts.add(String.format(Locale.ROOT, "%.1f", f.percent(t))));
		return String.join(" / ", parts) + " %";
	}

	static String waits(Waits w) {
		if (w == null) {
			return "–";
		}
		String s = dur(w.p50()) + " / " + dur(w.p99()) + " / " + dur(w.max()) + " (" + w.granted() + " granted";
		return s + ((w.notGranted() > 0) ? ", " + w.notGranted() + " still waiting at the end)" : ")");
	}

	static String dur(Duration d) {
		if (d == null) {
			return "–";
		}
		long m = d.toMinutes();
		long sec = d.toSecondsPart();
		return (m >= 60) ? String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60)
				: (sec == 0) ? m + "m" : String.format(Locale.ROOT, "%dm%02ds", m, sec);
	}

}
