package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.team.WorkingHours;

/**
 * Schedules of issue #14: places a team's tasks one after another, earliest deadline
 * first among those whose dependencies are placed, each at the earliest slot the
 * {@link SlotFinder} finds for it on the pools' snapshots with the placements before it
 * added, so each placement consumes capacity for the tasks after it. Interactive work
 * stays inside the team's working hours when the team has any; automated work is put in
 * the team's automation window when it fits there, else at the earliest slot.
 *
 * <p>
 * Deadlines are made effective first (a task must end early enough for what depends on it
 * to run before its own deadline), the standard way EDF honours precedence. The loads are
 * given back as they came: placements are taken out of their profiles before
 * {@link #plan} returns, so a caller booking the placements afterwards (under the same
 * locks) sees each one only once.
 */
public final class SchedulePlanner {

	private SchedulePlanner() {
	}

	/**
	 * A task, in base units.
	 *
	 * @param deadline when it must end by; {@code null}: the plan's horizon
	 * @param dependsOn indices of the tasks that must end before it starts
	 * @param poolIds the pools it draws on (the whole amount on each)
	 */
	public record Task(String name, long amount, Duration duration, Instant deadline, List<Integer> dependsOn,
			Priority priority, boolean automated, List<String> poolIds) {

		public Task {
			dependsOn = List.copyOf(dependsOn);
			poolIds = List.copyOf(poolIds);
		}

	}

	/**
	 * The team's terms for the plan.
	 *
	 * @param workingHours the team's working-hours spans over the horizon, in time order;
	 * {@code null}: the team has none, interactive work may run any time
	 * @param automationWindow the automation window's spans, in time order; {@code null}:
	 * none
	 */
	public record Terms(String teamId, int teamAutomationCapPercent, Instant earliestStart, Instant horizonEnd,
			List<WorkingHours.Span> workingHours, List<WorkingHours.Span> automationWindow, ZoneId zone) {
	}

	/**
	 * Where a task runs; {@code pools}: what each pool drawn on could still take in the
	 * same slot after it; {@code preferredHours}: inside working hours (interactive) or
	 * the automation window (automated), when the team has them.
	 */
	public record Placement(int task, Instant start, Instant end, List<SlotFinder.PoolMargin> pools,
			boolean preferredHours) implements Outcome {
	}

	/** What became of one task. */
	public sealed interface Outcome permits Placement, Infeasible {

	}

	/** Why a task could not be placed. */
	public enum Reason {

		/** No allowed slot ends by its (effective) deadline. */
		DEADLINE,
		/** Allowed slots exist, but the amount does not fit any of them. */
		QUOTA,
		/** A task it depends on could not be placed. */
		DEPENDENCY

	}

	public record Infeasible(int task, Reason reason, String detail) implements Outcome {
	}

	/**
	 * @param left per pool, what a reservation over the whole horizon could still take
	 * after the placements (capacity less the safety buffer at the tightest instant)
	 */
	public record Plan(List<Placement> placed, List<Infeasible> infeasible, Map<String, Long> left) {
	}

	/**
	 * A task on a dependency cycle, or -1 when there is none: the plan refuses a cycle
	 * before placing anything.
	 */
	public static int onCycle(List<Task> tasks) {
		int[] state = new int[tasks.size()];
		for (int i = 0; i < tasks.size(); i++) {
			int found = visit(tasks, i, state);
			if (found >= 0) {
				return found;
			}
		}
		return -1;
	}

	/** Depth-first search; state 1: on the current path, 2: done. */
	private static int visit(List<Task> tasks, int i, int[] state) {
		if (state[i] == 2) {
			return -1;
		}
		if (state[i] == 1) {
			return i;
		}
		state[i] = 1;
		for (int d : tasks.get(i).dependsOn()) {
			int found = visit(tasks, d, state);
			if (found >= 0) {
				return found;
			}
		}
		state[i] = 2;
		return -1;
	}

	/**
	 * The schedule of {@code tasks} over the pools' loads as of {@code now}.
	 * @param loads every pool a task draws on, by id
	 * @throws IllegalArgumentException on a dependency cycle (see {@link #onCycle})
	 */
	public static Plan plan(List<Task> tasks, Map<String, PoolLoad> loads, Terms terms, Instant now) {
		if (onCycle(tasks) >= 0) {
			throw new IllegalArgumentException("dependency cycle through task " + onCycle(tasks));
		}
		List<Added> added = new ArrayList<>();
		try {
			return place(tasks, loads, terms, now, added);
		}
		finally {
			// Give the loads back as they came.
			for (Added a : added) {
				CapacityProfile.Occupancy o = a.occupancy();
				loads.get(a.poolId()).profile().add(new CapacityProfile.Occupancy(o.from(), o.until(), -o.amount()));
			}
		}
	}

	private static Plan place(List<Task> tasks, Map<String, PoolLoad> loads, Terms terms, Instant now,
			List<Added> added) {
		int n = tasks.size();
		Instant[] deadline = effectiveDeadlines(tasks, terms.horizonEnd());
		List<List<Integer>> dependents = new ArrayList<>();
		int[] waitingOn = new int[n];
		for (int i = 0; i < n; i++) {
			dependents.add(new ArrayList<>());
		}
		for (int i = 0; i < n; i++) {
			for (int d : tasks.get(i).dependsOn()) {
				dependents.get(d).add(i);
				waitingOn[i]++;
			}
		}
		Comparator<Integer> edf = Comparator.<Integer, Instant>comparing((i) -> deadline[i])
			.thenComparing((i) -> tasks.get(i).priority())
			.thenComparing((i) -> i);
		PriorityQueue<Integer> ready = new PriorityQueue<>(edf);
		for (int i = 0; i < n; i++) {
			if (waitingOn[i] == 0) {
				ready.add(i);
			}
		}
		Instant[] ends = new Instant[n];
		boolean[] failed = new boolean[n];
		List<Placement> placed = new ArrayList<>();
		List<Infeasible> infeasible = new ArrayList<>();
		while (!ready.isEmpty()) {
			int i = ready.poll();
			Task task = tasks.get(i);
			Instant earliest = terms.earliestStart();
			Integer failedOn = null;
			for (int d : task.dependsOn()) {
				if (failed[d]) {
					failedOn = d;
				}
				else if (ends[d].isAfter(earliest)) {
					earliest = ends[d];
				}
			}
			if (failedOn != null) {
				failed[i] = true;
				infeasible.add(new Infeasible(i, Reason.DEPENDENCY,
						"It depends on task '" + tasks.get(failedOn).name() + "', which could not be placed."));
			}
			else {
				Outcome outcome = placeOne(i, task, earliest, deadline[i], loads, terms, now);
				if (outcome instanceof Placement p) {
					placed.add(p);
					ends[i] = p.end();
					for (String poolId : task.poolIds()) {
						PoolLoad load = loads.get(poolId);
						CapacityProfile.Occupancy o = new CapacityProfile.Occupancy(p.start(),
								CapacityProfile.countsUntil(load.pool().window(), p.end()), task.amount());
						load.profile().add(o);
						added.add(new Added(poolId, o));
					}
				}
				else if (outcome instanceof Infeasible why) {
					failed[i] = true;
					infeasible.add(why);
				}
			}
			for (int next : dependents.get(i)) {
				if (--waitingOn[next] == 0) {
					ready.add(next);
				}
			}
		}
		return new Plan(placed, infeasible, left(loads, terms, now));
	}

	/** A placement, or why there is none. */
	private static Outcome placeOne(int i, Task task, Instant earliest, Instant deadline, Map<String, PoolLoad> loads,
			Terms terms, Instant now) {
		Instant first = SlotFinder.ceilMinute(earliest.isAfter(now) ? earliest : now.plusNanos(1));
		if (first.plus(task.duration()).isAfter(deadline)) {
			String why = deadline.equals(task.deadline()) ? "its deadline"
					: "the deadline it must meet for the tasks" + " that depend on it, or the plan's horizon";
			return new Infeasible(i, Reason.DEADLINE, "It cannot start before " + first + " (" + task.duration()
					+ " long) and still end by " + deadline + ", " + why + ".");
		}
		List<SlotFinder.Draw> draws = new ArrayList<>();
		for (String poolId : task.poolIds()) {
			draws.add(new SlotFinder.Draw(loads.get(poolId), terms.teamId(), task.automated(),
					terms.teamAutomationCapPercent()));
		}
		List<WorkingHours.Span> preferred = task.automated() ? terms.automationWindow() : terms.workingHours();
		SlotFinder.Answer answer = SlotFinder.find(draws,
				new SlotFinder.Request(task.amount(), task.duration(), earliest, deadline, preferred, 1), now,
				terms.zone());
		boolean inPreferred = preferred != null;
		if (!answer.fits() && task.automated() && preferred != null) {
			// The automation window is a preference: outside it, automated work still
			// runs.
			answer = SlotFinder.find(draws,
					new SlotFinder.Request(task.amount(), task.duration(), earliest, deadline, null, 1), now,
					terms.zone());
			inPreferred = false;
		}
		if (answer.fits()) {
			SlotFinder.Slot s = answer.slots().get(0);
			return new Placement(i, s.start(), s.end(), s.pools(), inPreferred);
		}
		Reason reason = (answer.bestPartialStart() == null) ? Reason.DEADLINE : Reason.QUOTA;
		return new Infeasible(i, reason, answer.reason());
	}

	/**
	 * Each task's deadline, moved earlier where a task depending on it must still run
	 * before its own deadline; tasks without one get the horizon.
	 */
	static Instant[] effectiveDeadlines(List<Task> tasks, Instant horizonEnd) {
		int n = tasks.size();
		Instant[] deadline = new Instant[n];
		for (int i = 0; i < n; i++) {
			Instant own = tasks.get(i).deadline();
			deadline[i] = (own != null && own.isBefore(horizonEnd)) ? own : horizonEnd;
		}
		// Relax along edges until nothing moves: at most n rounds on an acyclic graph.
		boolean moved = true;
		for (int round = 0; moved && round <= n; round++) {
			moved = false;
			for (int i = 0; i < n; i++) {
				Instant mustEndBy = deadline[i].minus(tasks.get(i).duration());
				for (int d : tasks.get(i).dependsOn()) {
					if (mustEndBy.isBefore(deadline[d])) {
						deadline[d] = mustEndBy;
						moved = true;
					}
				}
			}
		}
		return deadline;
	}

	/**
	 * What a reservation over the whole horizon could still take of each pool: its
	 * capacity less the safety buffer, less the load at the tightest instant.
	 */
	private static Map<String, Long> left(Map<String, PoolLoad> loads, Terms terms, Instant now) {
		Map<String, Long> left = new LinkedHashMap<>();
		Instant from = terms.earliestStart().isAfter(now) ? terms.earliestStart() : now;
		for (Map.Entry<String, PoolLoad> e : loads.entrySet()) {
			Pool pool = e.getValue().pool();
			CapacityProfile.Load tightest = e.getValue().profile().tightest(from, terms.horizonEnd());
			long capacity = pool.limit() - CapacityCheck.bufferOf(pool);
			left.put(e.getKey(), Math.max(0, capacity - tightest.usage() - tightest.reserved()));
		}
		return left;
	}

	/**
	 * What a pool can give the team over {@code [from, to)}, as the best-value subset
	 * counts it: the horizon cut into periods one window long (a rolling window's length,
	 * or from reset to reset), and in each the most a short reservation at its start
	 * could take (the slot finder's terms: the team's share room, capacity less the
	 * buffer, until that reservation's usage stops counting), summed. A reservation
	 * occupies the pool past its period, so this is the subset's capacity, not a promise:
	 * the scheduler's placements are what is exact.
	 */
	public static long availableOver(PoolLoad load, Instant from, Instant to, String teamId) {
		SlotFinder.Draw draw = new SlotFinder.Draw(load, teamId, false, 100);
		long total = 0;
		Instant t = from;
		// A bound on periods keeps a one-minute window over 31 days cheap enough.
		for (int periods = 0; t.isBefore(to) && periods < 50_000; periods++) {
			total += Math.max(0, SlotFinder.most(draw, t, t.plus(MINUTE)));
			Instant next = load.pool().window().freedAt(t);
			t = next.isAfter(t) ? next : t.plus(MINUTE);
		}
		return total;
	}

	private static final Duration MINUTE = Duration.ofMinutes(1);

	/** An occupancy the plan added to a pool's profile, to be taken out again. */
	private record Added(String poolId, CapacityProfile.Occupancy occupancy) {
	}

}
