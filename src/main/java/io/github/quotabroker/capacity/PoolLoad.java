package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.team.AllocationTerm;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.WindowUsage;

/**
 * A pool as a decision sees it at one instant: its usage in the window in force (and when
 * that usage stops counting), what active reservations hold of it now (all teams, and the
 * team asked about), its projected load, and its fair share among its teams ({@code null}
 * without allocations). The profile and the fair share are updated as a decision grants,
 * so the next request of a batch sees what the last one took.
 *
 * @param preemptibleTeams teams whose holds may be preempted (by their allocation)
 * @param preemptibleHeld whether any hold active now may be preempted
 * @param holdCap the caps on holds in force at once and their counts; {@code null} when
 * neither the pool nor its teams have one
 */
public record PoolLoad(Pool pool, WindowUsage usage, long reserved, long teamReserved, CapacityProfile profile,
		FairShare fair, Function<String, NavigableMap<Instant, Long>> freedByTeam, Set<String> preemptibleTeams,
		boolean preemptibleHeld, HoldCap holdCap) {

	/** When the team's recorded usage of the pool stops counting, oldest first. */
	public NavigableMap<Instant, Long> teamFreed(String teamId) {
		return this.freedByTeam.apply(teamId);
	}

	/**
	 * Checks a request against the team's fair share first, then the pool's capacity over
	 * the request's time; a grant is entered into both, so the next check of a batch sees
	 * it.
	 */
	public CapacityCheck.Verdict check(CapacityRequest request, Instant now, ZoneId zone) {
		boolean holdNow = !request.window() && !request.startsAt().isAfter(now);
		if (holdNow && this.holdCap != null) {
			String refusal = this.holdCap.refusal(request.teamId(), now, zone);
			if (refusal != null) {
				return new CapacityCheck.Verdict(false, null, 0, this.holdCap.firstEnd(), refusal);
			}
		}
		CapacityCheck.Verdict share = ShareCheck.check(this, request, now, zone);
		if (share != null) {
			return share;
		}
		CapacityCheck.Verdict verdict = CapacityCheck.check(this.profile, this.pool, request, zone);
		if (verdict.granted() && this.fair != null && !request.startsAt().isAfter(now)) {
			this.fair.hold(request.teamId(), request.amount());
		}
		if (verdict.granted() && holdNow && this.holdCap != null) {
			this.holdCap.add(request.teamId(), 1);
		}
		return verdict;
	}

	/** Takes back a grant of {@link #check} (a plan that changed its mind). */
	public void undo(CapacityRequest request, CapacityCheck.Verdict granted, Instant now) {
		CapacityProfile.Occupancy o = granted.occupancy();
		this.profile.add(new CapacityProfile.Occupancy(o.from(), o.until(), -o.amount()));
		if (this.fair != null) {
			this.fair.unhold(request.teamId(), request.amount());
		}
		if (this.holdCap != null && !request.window() && !request.startsAt().isAfter(now)) {
			this.holdCap.add(request.teamId(), -1);
		}
	}

	/**
	 * Why the team may not start one more hold now because of a cap on holds in force at
	 * once, or {@code null} when it may.
	 */
	public String holdCapRefusal(String teamId, Instant now, ZoneId zone) {
		return (this.holdCap != null) ? this.holdCap.refusal(teamId, now, zone) : null;
	}

	/**
	 * What a hold lasting {@code ttl} could take of the pool now: neither used nor held,
	 * and not needed by a scheduled reservation while the hold's usage would count.
	 * Without a team: by any team; with one, also within that team's fair share.
	 */
	public long holdable(String teamId, Instant now, Duration ttl) {
		Instant until = CapacityProfile.countsUntil(this.pool.window(), now.plus(ttl));
		long free = Math.max(0, this.profile.minFree(now, until));
		if (teamId != null && this.fair != null && this.fair.has(teamId)) {
			return Math.min(free, this.fair.available(teamId));
		}
		return free;
	}

	/**
	 * The next instant at which the load of one of these pools changes (a reservation
	 * starts or ends, usage stops counting), if any.
	 */
	public static Instant nextChange(List<PoolLoad> loads, Instant now) {
		Instant next = null;
		for (PoolLoad load : loads) {
			Instant change = load.profile().nextChange(now);
			if (change != null && (next == null || change.isBefore(next))) {
				next = change;
			}
		}
		return next;
	}

	/**
	 * Builds a pool's load from what was read of it.
	 * @param minutes the pool's minute buckets in its window (rolling pools), oldest
	 * first
	 * @param usedByTeam each team's usage of the pool in its window
	 * @param teamMinutes a team's minute buckets (rolling pools), asked only when a
	 * request is refused or estimated, so a decision that grants never walks them
	 * @param held the pool's active reservations, now and later
	 * @param terms the pool's allocations (none: no fair share)
	 * @param teamId the team asked about ({@code null}: none)
	 */
	public static PoolLoad of(Pool pool, WindowUsage usage, List<MinuteUsage> minutes, Map<String, Long> usedByTeam,
			Function<String, List<MinuteUsage>> teamMinutes, List<ActiveHold> held, List<AllocationTerm> terms,
			String teamId, Instant now) {
		return of(pool, usage, minutes, usedByTeam, teamMinutes, held, terms, teamId, now, Map.of());
	}

	/**
	 * As above, with the pool's holds in force now by team, read only when
	 * {@link #holdCaps} is not empty or the pool has a cap.
	 */
	public static PoolLoad of(Pool pool, WindowUsage usage, List<MinuteUsage> minutes, Map<String, Long> usedByTeam,
			Function<String, List<MinuteUsage>> teamMinutes, List<ActiveHold> held, List<AllocationTerm> terms,
			String teamId, Instant now, Map<String, HoldCap.Count> holdsInForce) {
		Map<Instant, Long> freed = new HashMap<>();
		if (pool.window().slides()) {
			for (MinuteUsage m : minutes) {
				freed.merge(pool.window().freedAt(m.bucketStart()), m.amount(), Long::sum);
			}
		}
		else if (usage.used() > 0) {
			freed.put(usage.bounds().nextReset(), usage.used());
		}
		CapacityProfile profile = new CapacityProfile(pool.limit(), now, usage.used(), freed);
		long reserved = 0;
		long teamReserved = 0;
		boolean preemptibleHeld = false;
		Map<String, Long> heldByTeam = new HashMap<>();
		for (ActiveHold h : held) {
			profile.add(new CapacityProfile.Occupancy(h.startsAt(),
					CapacityProfile.countsUntil(pool.window(), h.expiresAt()), h.amount()));
			if (!h.startsAt().isAfter(now)) {
				reserved += h.amount();
				preemptibleHeld |= h.preemptible();
				heldByTeam.merge(h.teamId(), h.amount(), Long::sum);
				if (h.teamId().equals(teamId)) {
					teamReserved += h.amount();
				}
			}
		}
		FairShare fair = terms.isEmpty() ? null
				: fairShare(pool.limit(), usage.used(), reserved, terms, usedByTeam, heldByTeam);
		Set<String> preemptibleTeams = new HashSet<>();
		terms.stream().filter(AllocationTerm::preemptible).forEach((t) -> preemptibleTeams.add(t.teamId()));
		Function<String, NavigableMap<Instant, Long>> freedByTeam = (team) -> freedOf(pool, usage,
				teamMinutes.apply(team), usedByTeam.get(team));
		Map<String, Integer> teamCaps = holdCaps(terms);
		HoldCap holdCap = HoldCap.applies(pool, teamCaps)
				? new HoldCap(pool.id(), pool.policy().maxActiveHolds(), teamCaps, holdsInForce) : null;
		return new PoolLoad(pool, usage, reserved, teamReserved, profile, fair, freedByTeam, preemptibleTeams,
				preemptibleHeld, holdCap);
	}

	/** The capped teams among a pool's allocations, and their caps. */
	public static Map<String, Integer> holdCaps(List<AllocationTerm> terms) {
		Map<String, Integer> caps = null;
		for (AllocationTerm t : terms) {
			if (t.maxActiveHolds() != null) {
				caps = (caps != null) ? caps : new HashMap<>();
				caps.put(t.teamId(), t.maxActiveHolds());
			}
		}
		return (caps != null) ? caps : Map.of();
	}

	private static FairShare fairShare(long limit, long poolUsed, long poolHeld, List<AllocationTerm> terms,
			Map<String, Long> usedByTeam, Map<String, Long> heldByTeam) {
		List<FairShare.Claim> claims = new ArrayList<>(terms.size());
		for (AllocationTerm t : terms) {
			claims.add(new FairShare.Claim(t.teamId(), t.weight(), t.guaranteed(), t.borrowLimitPercent(),
					usedByTeam.getOrDefault(t.teamId(), 0L), heldByTeam.getOrDefault(t.teamId(), 0L)));
		}
		return new FairShare(limit, poolUsed, poolHeld, claims);
	}

	private static NavigableMap<Instant, Long> freedOf(Pool pool, WindowUsage usage, List<MinuteUsage> teamMinutes,
			Long teamUsed) {
		NavigableMap<Instant, Long> times = new TreeMap<>();
		if (pool.window().slides()) {
			teamMinutes.forEach((m) -> times.merge(pool.window().freedAt(m.bucketStart()), m.amount(), Long::sum));
		}
		else if (teamUsed != null) {
			times.put(usage.bounds().nextReset(), teamUsed);
		}
		return times;
	}

}
