package io.github.quotabroker.capacity;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import io.github.quotabroker.pool.Pool;

/**
 * Caps on the holds in force at once on one pool (issue #16, "Concurrent agents"): the
 * pool's own {@code maxActiveHolds} over all teams, and each team's over its own holds.
 * Counts what is held now and what a decision grants, so the next request of a batch sees
 * it. Not thread-safe: one decision uses it under the pool's lock.
 */
public final class HoldCap {

	/**
	 * A team's holds in force now on a pool.
	 *
	 * @param firstEnd when the first of them ends (expires unless released earlier)
	 */
	public record Count(int holds, Instant firstEnd) {
	}

	private final String poolId;

	private final Integer poolCap;

	private final Map<String, Integer> teamCaps;

	private final Map<String, Integer> byTeam = new HashMap<>();

	private int total;

	private Instant firstEnd;

	/**
	 * @param teamCaps each capped team's cap (teams without one are absent)
	 * @param held each team's holds in force now
	 */
	public HoldCap(String poolId, Integer poolCap, Map<String, Integer> teamCaps, Map<String, Count> held) {
		this.poolId = poolId;
		this.poolCap = poolCap;
		this.teamCaps = Map.copyOf(teamCaps);
		held.forEach((team, count) -> {
			this.byTeam.put(team, count.holds());
			this.total += count.holds();
			if (count.firstEnd() != null && (this.firstEnd == null || count.firstEnd().isBefore(this.firstEnd))) {
				this.firstEnd = count.firstEnd();
			}
		});
	}

	/**
	 * Whether the pool or any of its teams has a cap, i.e. whether holds must be counted.
	 */
	public static boolean applies(Pool pool, Map<String, Integer> teamCaps) {
		return pool.policy().maxActiveHolds() != null || !teamCaps.isEmpty();
	}

	/** Holds in force now on the pool, with those granted by this decision. */
	public int active() {
		return this.total;
	}

	/** The team's holds in force now on the pool. */
	public int active(String teamId) {
		return this.byTeam.getOrDefault(teamId, 0);
	}

	public Integer poolCap() {
		return this.poolCap;
	}

	public Integer teamCap(String teamId) {
		return this.teamCaps.get(teamId);
	}

	/**
	 * Why one more hold of the team may not start now, or {@code null} when it may.
	 */
	public String refusal(String teamId, Instant now, ZoneId zone) {
		Integer teamCap = this.teamCaps.get(teamId);
		if (this.poolCap != null && this.total >= this.poolCap) {
			return "Pool '" + this.poolId + "' already has " + this.total + " of its " + this.poolCap
					+ " concurrent holds (maxActiveHolds) in force" + until(now, zone)
					+ "; release a hold, or ask with \"queue\": true to wait for one to end.";
		}
		if (teamCap != null && active(teamId) >= teamCap) {
			return "Team '" + teamId + "' already has " + active(teamId) + " of its " + teamCap
					+ " concurrent holds (maxActiveHolds) in force on pool '" + this.poolId + "'" + until(now, zone)
					+ "; release a hold, or ask with \"queue\": true to wait for one to end.";
		}
		return null;
	}

	/** When a hold in force now ends at the latest (its expiry), if any. */
	public Instant firstEnd() {
		return this.firstEnd;
	}

	/** Counts a hold granted ({@code +1}) or taken back ({@code -1}) by the decision. */
	public void add(String teamId, int holds) {
		this.byTeam.merge(teamId, holds, Integer::sum);
		this.total += holds;
	}

	private String until(Instant now, ZoneId zone) {
		return (this.firstEnd != null) ? " until " + Wording.local(this.firstEnd, now, zone) + " at the latest" : "";
	}

}
