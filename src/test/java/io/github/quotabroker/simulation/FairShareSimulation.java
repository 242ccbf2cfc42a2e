package io.github.quotabroker.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.quotabroker.queue.Priority;

/**
 * A discrete-event simulation of teams asking one rolling-window pool for holds: requests
 * arrive (each team keeping a backlog of them, or on a script), wait in a
 * {@link Broker}'s queue, are granted, work for a while and commit what they used. The
 * same workload runs through the real service and through a plain FIFO model, and the
 * same figures are computed from what happened to each request.
 */
final class FairShareSimulation {

	/**
	 * One piece of work.
	 *
	 * @param amount what it asks to hold
	 * @param actual what it uses, committed when its work ends
	 */
	record Job(String id, String team, Priority priority, long amount, long actual, Duration work, Duration ttl) {
	}

	/** What a broker answered to a new request. */
	record Submitted(Instant estimatedGrantAt) {
	}

	/** Who decides: the service, or a model of it. */
	interface Broker {

		String name();

		/** A new request that waits in the queue if it cannot be granted now. */
		Submitted submit(Job job, Instant now);

		/** The work ended: commit what it used. */
		void complete(Job job, Instant now);

		/**
		 * Jobs granted since the last call; {@code dispatch}: look at the queue first
		 * (after a commit or at a wake-up).
		 */
		List<String> granted(Instant now, boolean dispatch);

		/** When the queue must next be looked at, if anything waits. */
		Instant nextWake(Instant now);

	}

	/** What happened to one job. */
	static final class Run {

		final Job job;

		Instant queuedAt;

		Instant estimatedGrantAt;

		Instant grantedAt;

		Instant completedAt;

		Run(Job job) {
			this.job = job;
		}

		Duration waited() {
			return Duration.between(this.queuedAt, this.grantedAt);
		}

	}

	/**
	 * A team that keeps {@code backlog} requests outstanding (waiting or working) from
	 * {@code from} until {@code until}: each ending piece of work is followed by a new
	 * request. Its jobs come from its own seeded random sequence, so every broker sees
	 * the same jobs in the same order.
	 */
	record Backlogged(String team, Priority priority, Instant from, Instant until, int backlog, JobShape shape) {
	}

	/** A scripted request at a given instant. */
	record Scripted(Instant at, Job job) {
	}

	/**
	 * How a team's jobs are drawn: amount uniform in {@code [minAmount, maxAmount]}, use
	 * uniform from {@code minUsePercent} to 100 % of it, work uniform on a
	 * {@value JobShape#GRID_MINUTES}-minute grid from {@code minWork} to {@code maxWork}.
	 */
	record JobShape(long minAmount, long maxAmount, int minUsePercent, Duration minWork, Duration maxWork,
			Duration ttl) {

		/** Work lasts whole multiples of this, so that events fall on a coarse grid. */
		static final long GRID_MINUTES = 5;

		Job draw(String id, String team, Priority priority, Random random) {
			long amount = this.minAmount + random.nextLong(this.maxAmount - this.minAmount + 1);
			long actual = Math.max(1, amount * (this.minUsePercent + random.nextInt(101 - this.minUsePercent)) / 100);
			long steps = (this.maxWork.toMinutes() - this.minWork.toMinutes()) / GRID_MINUTES;
			long minutes = this.minWork.toMinutes() + GRID_MINUTES * random.nextLong(steps + 1);
			return new Job(id, team, priority, amount, actual, Duration.ofMinutes(minutes), this.ttl);
		}

	}

	/** The pool and the load on it. */
	record Scenario(String name, long limit, Duration window, Map<String, Long> weights, Instant start, Instant end,
			List<Backlogged> backlogged, List<Scripted> scripted, long seed) {
	}

	private enum Kind {

		ARRIVE, COMPLETE, WAKE

	}

	private record Event(Instant at, long seq, Kind kind, Job job) {
	}

	private final Scenario scenario;

	private final Broker broker;

	private final Consumer<Instant> clock;

	private final PriorityQueue<Event> events = new PriorityQueue<>(
			(a, b) -> (a.at().equals(b.at())) ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));

	private final Map<String, Run> runs = new LinkedHashMap<>();

	private final Map<String, Random> randoms = new HashMap<>();

	private final Map<String, Integer> drawn = new HashMap<>();

	private final Set<Instant> wakes = new HashSet<>();

	private long seq;

	FairShareSimulation(Scenario scenario, Broker broker, Consumer<Instant> clock) {
		this.scenario = scenario;
		this.broker = broker;
		this.clock = clock;
	}

	/** Runs the scenario to its end; what happened to each job, in arrival order. */
	List<Run> run() {
		for (Backlogged b : this.scenario.backlogged()) {
			this.randoms.put(b.team() + b.priority(),
					new Random(this.scenario.seed() * 31 + b.team().hashCode() * 7L + b.priority().ordinal()));
			for (int i = 0; i < b.backlog(); i++) {
				add(b.from(), Kind.ARRIVE, next(b));
			}
		}
		for (Scripted s : this.scenario.scripted()) {
			add(s.at(), Kind.ARRIVE, s.job());
		}
		boolean dispatch = false;
		boolean look = false;
		while (!this.events.isEmpty()) {
			Event e = this.events.poll();
			if (e.at().isAfter(this.scenario.end())) {
				break;
			}
			Instant now = e.at();
			this.clock.accept(now);
			switch (e.kind()) {
				case ARRIVE -> {
					Run run = new Run(e.job());
					run.queuedAt = now;
					this.runs.put(e.job().id(), run);
					run.estimatedGrantAt = this.broker.submit(e.job(), now).estimatedGrantAt();
					// The arrival's decision looked at the whole queue, in its order.
					dispatch = false;
					look = true;
				}
				case COMPLETE -> {
					this.broker.complete(e.job(), now);
					this.runs.get(e.job().id()).completedAt = now;
					for (Backlogged b : this.scenario.backlogged()) {
						if (b.team().equals(e.job().team()) && b.priority() == e.job().priority()
								&& now.isBefore(b.until())) {
							add(now, Kind.ARRIVE, next(b));
						}
					}
					dispatch = true;
					look = true;
				}
				case WAKE -> {
					this.wakes.remove(now);
					dispatch = true;
					look = true;
				}
			}
			// Everything at one instant first, then one dispatch: the queue's order is
			// the same either way, as each decision plans the whole queue.
			Event following = this.events.peek();
			if (following != null && following.at().equals(now)) {
				continue;
			}
			if (look) {
				for (String id : this.broker.granted(now, dispatch)) {
					Run run = this.runs.get(id);
					run.grantedAt = now;
					add(now.plus(run.job.work()), Kind.COMPLETE, run.job);
				}
			}
			dispatch = false;
			look = false;
			Instant wake = this.broker.nextWake(now);
			if (wake != null && wake.isAfter(now) && this.wakes.add(wake)) {
				add(wake, Kind.WAKE, null);
			}
		}
		return new ArrayList<>(this.runs.values());
	}

	private Job next(Backlogged b) {
		int n = this.drawn.merge(b.team() + b.priority(), 1, Integer::sum);
		return b.shape()
			.draw(b.team() + "-" + b.priority().name().toLowerCase() + "-" + n, b.team(), b.priority(),
					this.randoms.get(b.team() + b.priority()));
	}

	private void add(Instant at, Kind kind, Job job) {
		this.events.add(new Event(at, this.seq++, kind, job));
	}

	// ---- figures -----------------------------------------------------------

	/** When usage committed at {@code at} stops counting in a rolling window. */
	static Instant freedAt(Instant at, Duration window) {
		return at.truncatedTo(ChronoUnit.MINUTES).plus(window).plusSeconds(60);
	}

	/** What a team (or every team: {@code null}) uses and holds at an instant. */
	static long occupied(List<Run> runs, Duration window, Instant t, String team) {
		return used(runs, window, t, team) + held(runs, t, team);
	}

	static long used(List<Run> runs, Duration window, Instant t, String team) {
		long sum = 0;
		for (Run r : runs) {
			if ((team == null || r.job.team().equals(team)) && r.completedAt != null && !r.completedAt.isAfter(t)
					&& t.isBefore(freedAt(r.completedAt, window))) {
				sum += r.job.actual();
			}
		}
		return sum;
	}

	static long held(List<Run> runs, Instant t, String team) {
		long sum = 0;
		for (Run r : runs) {
			if ((team == null || r.job.team().equals(team)) && r.grantedAt != null && !r.grantedAt.isAfter(t)
					&& (r.completedAt == null || r.completedAt.isAfter(t))) {
				sum += r.job.amount();
			}
		}
		return sum;
	}

	static boolean waiting(Run r, Instant t) {
		return !r.queuedAt.isAfter(t) && (r.grantedAt == null || r.grantedAt.isAfter(t));
	}

	/** The middle of each minute of {@code [from, to)}. */
	static List<Instant> minutes(Instant from, Instant to) {
		List<Instant> samples = new ArrayList<>();
		for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
			samples.add(m.plusSeconds(30));
		}
		return samples;
	}

	/**
	 * Mean of (used + held) / capacity over the minutes of {@code [from, to)} in which a
	 * request waits; {@code capacity} may depend on the instant (what may be lent).
	 */
	static double utilisation(List<Run> runs, Duration window, Instant from, Instant to,
			java.util.function.ToLongFunction<Instant> capacity, Predicate<Instant> counts) {
		double sum = 0;
		int n = 0;
		for (Instant t : minutes(from, to)) {
			if (runs.stream().noneMatch((r) -> waiting(r, t)) || !counts.test(t)) {
				continue;
			}
			long occupied = 0;
			for (Run r : runs) {
				if (r.completedAt != null && !r.completedAt.isAfter(t) && t.isBefore(freedAt(r.completedAt, window))) {
					occupied += r.job.actual();
				}
				if (r.grantedAt != null && !r.grantedAt.isAfter(t)
						&& (r.completedAt == null || r.completedAt.isAfter(t))) {
					occupied += r.job.amount();
				}
			}
			sum += Math.min(1.0, (double) occupied / capacity.applyAsLong(t));
			n++;
		}
		return (n == 0) ? Double.NaN : sum / n;
	}

	/** What each team committed in {@code [from, to)}. */
	static Map<String, Long> consumed(List<Run> runs, Instant from, Instant to, List<String> teams) {
		Map<String, Long> consumed = new LinkedHashMap<>();
		teams.forEach((t) -> consumed.put(t, 0L));
		for (Run r : runs) {
			if (r.completedAt != null && !r.completedAt.isBefore(from) && r.completedAt.isBefore(to)
					&& consumed.containsKey(r.job.team())) {
				consumed.merge(r.job.team(), r.job.actual(), Long::sum);
			}
		}
		return consumed;
	}

	/** Jain's index of consumed_i / share_i: 1 when every team got its share. */
	static double jain(Map<String, Long> consumed, Map<String, Long> weights) {
		double sum = 0;
		double squares = 0;
		for (Map.Entry<String, Long> e : consumed.entrySet()) {
			double x = (double) e.getValue() / weights.get(e.getKey());
			sum += x;
			squares += x * x;
		}
		return (squares == 0) ? Double.NaN : (sum * sum) / (consumed.size() * squares);
	}

	/** Waits of one tier's granted requests, and how many were never granted. */
	record Waits(int granted, int notGranted, Duration p50, Duration p99, Duration max) {

		static Waits of(List<Run> runs, Priority priority) {
			List<Duration> waits = new ArrayList<>();
			int notGranted = 0;
			for (Run r : runs) {
				if (r.job.priority() != priority) {
					continue;
				}
				if (r.grantedAt == null) {
					notGranted++;
				}
				else {
					waits.add(r.waited());
				}
			}
			waits.sort(null);
			return new Waits(waits.size(), notGranted, percentile(waits, 50), percentile(waits, 99),
					waits.isEmpty() ? null : waits.get(waits.size() - 1));
		}

		private static Duration percentile(List<Duration> sorted, int p) {
			if (sorted.isEmpty()) {
				return null;
			}
			int rank = (int) Math.ceil(p / 100.0 * sorted.size());
			return sorted.get(Math.max(0, rank - 1));
		}

	}

	static Map<Priority, Waits> waits(List<Run> runs) {
		Map<Priority, Waits> waits = new EnumMap<>(Priority.class);
		for (Priority p : Priority.values()) {
			if (runs.stream().anyMatch((r) -> r.job.priority() == p)) {
				waits.put(p, Waits.of(runs, p));
			}
		}
		return waits;
	}

}
