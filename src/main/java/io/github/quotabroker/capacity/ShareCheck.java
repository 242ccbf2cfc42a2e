package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.NavigableMap;

import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;

import static io.github.quotabroker.capacity.Wording.amount;
import static io.github.quotabroker.capacity.Wording.local;

/**
 * The fair-share side of a decision: what a team may take of a pool given its share, its
 * borrowing limit and the other teams' guaranteed minimums (see {@link FairShare}).
 */
public final class ShareCheck {

	private ShareCheck() {
	}

	/**
	 * Refuses a request that the team's standing does not allow, saying why and when it
	 * would fit; {@code null} when the share allows it (the pool's capacity is checked
	 * separately).
	 */
	static CapacityCheck.Verdict check(PoolLoad load, CapacityRequest d, Instant now, ZoneId zone) {
		FairShare fair = load.fair();
		if (fair == null || !fair.has(d.teamId())) {
			return null;
		}
		FairShare.Standing s = fair.standing(d.teamId());
		Pool pool = load.pool();
		Unit unit = pool.unit();
		if (d.window() || d.startsAt().isAfter(now)) {
			// The future use of other teams is unknown: their guarantees are kept whole.
			long room = Math.min(s.cap(), pool.limit() - fair.guaranteedOfOthers(d.teamId()));
			if (d.amount() <= room) {
				return null;
			}
			return new CapacityCheck.Verdict(false, null, Math.max(0, room), null,
					"Only " + amount(unit, Math.max(0, room)) + " can be reserved by team '" + d.teamId() + "': "
							+ terms(unit, s, fair.guaranteedOfOthers(d.teamId())) + "; " + amount(unit, d.amount())
							+ " never fit.");
		}
		// When the pool has no more than the share allows, the pool's own check answers:
		// it looks at its capacity over the hold's whole time.
		if (!fair.limits(d.teamId(), d.amount())) {
			return null;
		}
		Duration span = Duration.between(now, CapacityProfile.countsUntil(pool.window(), d.expiresAt()));
		return CapacityCheck.Verdict.refused(null, s.available(),
				() -> fitsFrom(load, d.teamId(), d.amount(), now, span), (fitsFrom) -> {
					StringBuilder reason = new StringBuilder("Only ").append(amount(unit, s.available()))
						.append(" can be held by team '")
						.append(d.teamId())
						.append("' now: its share of the pool is ")
						.append(amount(unit, s.share()))
						.append((s.cap() == Long.MAX_VALUE) ? " with unlimited borrowing"
								: ", up to " + amount(unit, s.cap()) + " with borrowing")
						.append(", and it uses ")
						.append(amount(unit, s.used()))
						.append(" and holds ")
						.append(amount(unit, s.held()));
					if (s.protectedForOthers() > 0) {
						reason.append("; ")
							.append(amount(unit, s.protectedForOthers()))
							.append(" are kept for other teams' guaranteed minimums");
					}
					reason.append("; ").append(amount(unit, d.amount()));
					reason.append((fitsFrom != null) ? " fit from " + local(fitsFrom, now, zone)
							: " never fit as things stand");
					return reason.append('.').toString();
				});
	}

	private static String terms(Unit unit, FairShare.Standing s, long othersGuaranteed) {
		String cap = (s.cap() == Long.MAX_VALUE) ? "it may borrow without limit"
				: "its share is " + amount(unit, s.share()) + ", up to " + amount(unit, s.cap()) + " with borrowing";
		return (othersGuaranteed > 0)
				? cap + ", and other teams' guaranteed minimums keep " + amount(unit, othersGuaranteed) : cap;
	}

	/**
	 * The earliest instant from which the team's standing and the pool's capacity would
	 * both let it take {@code amount} for {@code span}, if nothing more were used or
	 * held; conservative: other teams' guarantees are counted as if they used nothing by
	 * then, and the team's own holds as if they stayed. {@code null}: not while things
	 * stand as they are.
	 */
	public static Instant fitsFrom(PoolLoad load, String teamId, long amount, Instant now, Duration span) {
		FairShare fair = load.fair();
		Pool pool = load.pool();
		long protectedMax = (fair != null && fair.has(teamId)) ? fair.protectedAtMost(teamId) : 0;
		long maxOccupied = pool.limit() - amount - protectedMax;
		if (maxOccupied < 0) {
			return null;
		}
		Instant poolFits = load.profile().earliest(maxOccupied, now, span);
		if (poolFits == null || fair == null || !fair.has(teamId)) {
			return poolFits;
		}
		FairShare.Standing s = fair.standing(teamId);
		if (s.cap() == Long.MAX_VALUE) {
			return poolFits;
		}
		long excess = s.used() + s.held() + amount - s.cap();
		if (excess <= 0) {
			return poolFits;
		}
		if (s.held() + amount > s.cap()) {
			return null;
		}
		NavigableMap<Instant, Long> freed = load.teamFreed(teamId);
		long back = 0;
		for (Map.Entry<Instant, Long> e : freed.entrySet()) {
			back += e.getValue();
			if (back >= excess) {
				Instant own = e.getKey().isAfter(now) ? e.getKey() : now;
				return own.isAfter(poolFits) ? load.profile().earliest(maxOccupied, own, span) : poolFits;
			}
		}
		return null;
	}

}
