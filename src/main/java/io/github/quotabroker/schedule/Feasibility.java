package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;

/**
 * Sprint feasibility of one pool for one team (issue #14, "plans/feasibility"): whether
 * the work a sprint needs fits what the team may use of the pool over the sprint, on top
 * of what it uses anyway.
 *
 * <p>
 * The assessment walks the sprint hour by hour over the pool's projection
 * ({@link PoolLoad}): usage recorded now rolls off or resets as the window says, and the
 * reservations already made occupy the pool. In each hour the team's room is the least of
 * its fair-share cap less its own usage still counting, and the pool's free capacity
 * (less the safety buffer and other teams' unused guarantees); never less than what its
 * own guarantee leaves it. Everything spent counts until it would stop counting (one
 * window after the hour, or the next reset), so capacity returns within the sprint; an
 * hour may spend only what leaves every hour it counts in within its room. The team's
 * baseline (its expected use in each hour) is placed first, over the whole sprint, since
 * it happens whether or not the sprint does.
 *
 * <p>
 * Two walks answer two questions. {@code available}: what the team could use for the
 * sprint if it took all its room every hour. {@code feasible} and {@code runsOutOn}: the
 * sprint's work at an even pace, an hour short of room pushing its work to later hours;
 * the sprint is feasible when nothing is left at its end, and runs out on the first
 * (local) day an hour could not do its share.
 */
public final class Feasibility {

	private static final Duration HOUR = Duration.ofHours(1);

	private Feasibility() {
	}

	/**
	 * One pool's answer, amounts in base units.
	 *
	 * @param baseline what the team is expected to use anyway over the sprint (what room
	 * allowed of it)
	 * @param available what the team could use for the sprint over it, beyond its
	 * baseline
	 * @param shortfall what the even-paced sprint still needed at its end (0 when
	 * feasible)
	 * @param runsOutAt the first hour the paced sprint found too little room; null if
	 * none
	 * @param runsOutOn that hour's date in the team's zone; null if none
	 */
	public record Result(String poolId, long needed, long available, long baseline, boolean feasible, long shortfall,
			Instant runsOutAt, LocalDate runsOutOn) {
	}

	/**
	 * @param load the pool as it stands now
	 * @param from the sprint's first hour (on the hour)
	 * @param baselineByHour what the team is expected to use in each hour of the sprint
	 * (its length is the sprint's length in hours)
	 * @param needed what the sprint's work needs of the pool
	 */
	public static Result assess(PoolLoad load, String teamId, Instant from, long[] baselineByHour, long needed,
			ZoneId zone) {
		Hours hours = new Hours(load, teamId, from, baselineByHour.length);
		long baseline = hours.spendBaseline(baselineByHour);
		long available = greedy(hours.copy());
		Paced paced = paced(hours, needed);
		return new Result(load.pool().id(), needed, available, baseline, paced.backlog() == 0, paced.backlog(),
				paced.firstShort(),
				(paced.firstShort() != null) ? LocalDate.ofInstant(paced.firstShort(), zone) : null);
	}

	/**
	 * What is needed for {@code points} at {@code costPerPoint} (base units) with the
	 * uncertainty factor, rounded up.
	 */
	public static long needed(BigDecimal points, long costPerPoint, BigDecimal uncertainty) {
		return points.multiply(BigDecimal.valueOf(costPerPoint))
			.multiply(uncertainty)
			.setScale(0, RoundingMode.CEILING)
			.longValueExact();
	}

	/**
	 * How many whole points fit in {@code available}, each costing
	 * {@code costPerPoint × uncertainty}; null when a point costs nothing.
	 */
	public static Long pointsFit(long available, long costPerPoint, BigDecimal uncertainty) {
		BigDecimal perPoint = BigDecimal.valueOf(costPerPoint).multiply(uncertainty);
		if (perPoint.signum() <= 0) {
			return null;
		}
		return BigDecimal.valueOf(available).divide(perPoint, 0, RoundingMode.FLOOR).longValueExact();
	}

	/**
	 * The sprint's hours with what bounds the team in each: its room before anything is
	 * planned, and what the plan has spent that still counts then.
	 */
	private static final class Hours {

		final Instant from;

		final long[] room;

		/** Index of the first hour in which an hour's spending no longer counts. */
		final int[] countsUntil;

		final long[] counted;

		Hours(PoolLoad load, String teamId, Instant from, int hours) {
			this.from = from;
			this.room = new long[hours];
			this.countsUntil = new int[hours];
			this.counted = new long[hours];
			Pool pool = load.pool();
			CapacityProfile profile = load.profile();
			FairShare.Standing standing = (load.fair() != null) ? load.fair().standing(teamId) : null;
			long buffer = CapacityCheck.bufferOf(pool);
			long cap = (standing != null) ? standing.cap() : Long.MAX_VALUE;
			long guaranteed = (standing != null) ? standing.guaranteed() : 0;
			// Other teams' guarantees they have not used yet, as the snapshot has them.
			long protectedForOthers = (standing != null) ? standing.protectedForOthers() : 0;
			NavigableMap<Instant, Long> recorded = load.teamFreed(teamId);
			long recordedNow = (standing != null) ? standing.used() : sum(recorded);
			// The team's holds are taken to last the whole sprint: their end is not known
			// here, and the team may use them at any time until then.
			long teamHeld = load.teamReserved();
			for (int h = 0; h < hours; h++) {
				Instant start = start(h);
				Instant end = start.plus(HOUR);
				Instant at = start.isBefore(profile.now()) ? profile.now() : start;
				long teamCounted = Math.max(0, recordedNow - sum(recorded.headMap(start, true))) + teamHeld;
				long own = (cap == Long.MAX_VALUE) ? Long.MAX_VALUE : cap - teamCounted;
				long poolRoom = profile.tightest(at, end).free() - buffer - protectedForOthers;
				this.room[h] = Math.max(Math.min(own, poolRoom), guaranteed - teamCounted);
				Instant until = CapacityProfile.countsUntil(pool.window(), end);
				int u = h + 1;
				while (u < hours && start(u).isBefore(until)) {
					u++;
				}
				this.countsUntil[h] = u;
			}
		}

		Instant start(int h) {
			return this.from.plus(HOUR.multipliedBy(h));
		}

		/** What hour {@code h} may spend without any hour it counts in going over. */
		long spendable(int h) {
			long least = Long.MAX_VALUE;
			for (int t = h; t < this.countsUntil[h]; t++) {
				least = Math.min(least, this.room[t] - this.counted[t]);
			}
			return Math.max(0, least);
		}

		void spend(int h, long amount) {
			for (int t = h; t < this.countsUntil[h]; t++) {
				this.counted[t] += amount;
			}
		}

		/**
		 * The expected use of each hour, spent first (in time order): it happens whether
		 * or not the sprint does, so the sprint may not take the room it needs.
		 */
		long spendBaseline(long[] baselineByHour) {
			long spent = 0;
			for (int h = 0; h < baselineByHour.length; h++) {
				long b = Math.min(spendable(h), Math.max(0, baselineByHour[h]));
				spend(h, b);
				spent += b;
			}
			return spent;
		}

		Hours copy() {
			return new Hours(this);
		}

		private Hours(Hours other) {
			this.from = other.from;
			this.room = other.room;
			this.countsUntil = other.countsUntil;
			this.counted = other.counted.clone();
		}

	}

	/** All the room there is, hour after hour. */
	private static long greedy(Hours hours) {
		long served = 0;
		for (int h = 0; h < hours.room.length; h++) {
			long spent = hours.spendable(h);
			hours.spend(h, spent);
			served += spent;
		}
		return served;
	}

	/** What the even-paced sprint left undone, and the first hour that fell short. */
	private record Paced(long backlog, Instant firstShort) {
	}

	private static Paced paced(Hours hours, long needed) {
		int n = hours.room.length;
		long backlog = 0;
		Instant firstShort = null;
		for (int h = 0; h < n; h++) {
			// Hour h's share of the work, plus what earlier hours left.
			backlog += needed / n + ((h < needed % n) ? 1 : 0);
			long spent = Math.min(backlog, hours.spendable(h));
			hours.spend(h, spent);
			backlog -= spent;
			if (backlog > 0 && firstShort == null) {
				firstShort = hours.start(h);
			}
		}
		return new Paced(backlog, firstShort);
	}

	private static long sum(Map<Instant, Long> amounts) {
		long s = 0;
		for (long a : amounts.values()) {
			s += a;
		}
		return s;
	}

}
