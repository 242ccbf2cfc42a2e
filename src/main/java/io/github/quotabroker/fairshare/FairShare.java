package io.github.quotabroker.fairshare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weighted fair share of one pool among the teams allocated to it, in base units:
 *
 * <pre>
 * share_i     = limit * weight_i / sum of weights
 * cap_i       = share_i * (1 + borrowLimitPercent_i / 100)     (no cap when unlimited)
 * protected_i = sum over j != i of max(0, guaranteed_j - used_j - held_j)
 * available_i = max(0, min(cap_i - used_i - held_i, limit - used - held - protected_i))
 * </pre>
 *
 * {@code used} and {@code held} of the pool include teams without an allocation. The
 * instance is a snapshot that decisions update as they grant ({@link #hold}), so a batch
 * of decisions sees its own grants.
 */
public final class FairShare {

	/**
	 * One allocation's terms and what the team uses and holds of the pool now.
	 *
	 * @param borrowLimitPercent {@code null}: without limit
	 */
	public record Claim(String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent, long used,
			long held) {
	}

	/**
	 * A team's standing in the pool.
	 *
	 * @param cap {@link Long#MAX_VALUE} when the team may borrow without limit
	 * @param borrowing how much of the team's usage and holds is above its share
	 * @param protectedForOthers what other teams' guarantees keep from this team
	 * @param available what the team may still take now
	 */
	public record Standing(String teamId, long share, long cap, long guaranteed, long used, long held, long borrowing,
			long protectedForOthers, long available) {

		/** How far the team is into its share: (used + held) / share. */
		public double shareUsed() {
			return ratio(this.used + this.held, this.share);
		}

	}

	private static final class Team {

		final Claim claim;

		long used;

		long held;

		long share;

		long cap;

		Team(Claim claim) {
			this.claim = claim;
			this.used = claim.used();
			this.held = claim.held();
		}

		long unprotected() {
			return Math.max(0, this.claim.guaranteed() - this.used - this.held);
		}

	}

	private final long limit;

	private long used;

	private long held;

	private final Map<String, Team> teams = new LinkedHashMap<>();

	/**
	 * @param poolUsed usage of the pool by every team in its window now
	 * @param poolHeld what active holds of every team take from the pool now
	 */
	public FairShare(long limit, long poolUsed, long poolHeld, Collection<Claim> claims) {
		this.limit = limit;
		this.used = poolUsed;
		this.held = poolHeld;
		BigDecimal total = BigDecimal.ZERO;
		for (Claim c : claims) {
			total = total.add(c.weight());
		}
		for (Claim c : claims) {
			Team t = new Team(c);
			t.share = BigDecimal.valueOf(limit)
				.multiply(c.weight())
				.divide(total, 0, RoundingMode.FLOOR)
				.longValueExact();
			t.cap = (c.borrowLimitPercent() == null) ? Long.MAX_VALUE
					: BigDecimal.valueOf(t.share)
						.multiply(BigDecimal.valueOf(100L + c.borrowLimitPercent()))
						.divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR)
						.longValueExact();
			this.teams.put(c.teamId(), t);
		}
	}

	public long limit() {
		return this.limit;
	}

	/** What the pool has left now for anyone: limit less what all teams use and hold. */
	public long poolFree() {
		return Math.max(0, this.limit - this.used - this.held);
	}

	/**
	 * Whether the team's share, rather than the pool itself, is what keeps {@code amount}
	 * from the team now (its cap, or other teams' guarantees); {@code false} without an
	 * allocation.
	 */
	public boolean limits(String teamId, long amount) {
		Standing s = standing(teamId);
		return s != null && amount > s.available() && s.available() < poolFree();
	}

	/** Whether the team has an allocation in the pool. */
	public boolean has(String teamId) {
		return this.teams.containsKey(teamId);
	}

	/** The team's standing, or {@code null} without an allocation. */
	public Standing standing(String teamId) {
		Team t = this.teams.get(teamId);
		if (t == null) {
			return null;
		}
		long protectedForOthers = protectedTotal() - t.unprotected();
		long own = (t.cap == Long.MAX_VALUE) ? Long.MAX_VALUE : t.cap - t.used - t.held;
		long pool = this.limit - this.used - this.held - protectedForOthers;
		long available = Math.max(0, Math.min(own, pool));
		long borrowing = Math.max(0, t.used + t.held - t.share);
		return new Standing(teamId, t.share, t.cap, t.claim.guaranteed(), t.used, t.held, borrowing, protectedForOthers,
				available);
	}

	/** What the team may still take now; 0 without an allocation. */
	public long available(String teamId) {
		Standing s = standing(teamId);
		return (s != null) ? s.available() : 0;
	}

	/** How far the team is into its share of this pool, (used + held) / share. */
	public double shareUsed(String teamId) {
		Team t = this.teams.get(teamId);
		return (t != null) ? ratio(t.used + t.held, t.share) : Double.POSITIVE_INFINITY;
	}

	/** Records a grant, so later decisions on this snapshot see it. */
	public void hold(String teamId, long amount) {
		this.held += amount;
		Team t = this.teams.get(teamId);
		if (t != null) {
			t.held += amount;
		}
	}

	/** Records holds given back (released or preempted), so later decisions see it. */
	public void unhold(String teamId, long amount) {
		this.held -= amount;
		Team t = this.teams.get(teamId);
		if (t != null) {
			t.held -= amount;
		}
	}

	/** The guaranteed amounts of the other teams, whole. */
	public long guaranteedOfOthers(String teamId) {
		long sum = 0;
		for (Team t : this.teams.values()) {
			if (!t.claim.teamId().equals(teamId)) {
				sum += t.claim.guaranteed();
			}
		}
		return sum;
	}

	/**
	 * The most the other teams' guarantees could keep from this team as their usage stops
	 * counting: their guarantees less what they hold.
	 */
	public long protectedAtMost(String teamId) {
		long sum = 0;
		for (Team t : this.teams.values()) {
			if (!t.claim.teamId().equals(teamId)) {
				sum += Math.max(0, t.claim.guaranteed() - t.held);
			}
		}
		return sum;
	}

	private long protectedTotal() {
		long sum = 0;
		for (Team t : this.teams.values()) {
			sum += t.unprotected();
		}
		return sum;
	}

	static double ratio(long amount, long share) {
		if (share <= 0) {
			return (amount > 0) ? Double.POSITIVE_INFINITY : 0;
		}
		return (double) amount / share;
	}

}
