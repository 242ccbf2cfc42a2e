package io.github.quotabroker.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.CapacityRequest;
import io.github.quotabroker.capacity.HoldCap;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.capacity.ShareCheck;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.fairshare.FairShare;

/**
 * Decides, for one pool, which waiting requests are granted now, in what order the rest
 * wait, and when each can expect its grant. Pure: it works on a {@link PoolLoad} snapshot
 * (which it updates as it grants) and returns what to write.
 *
 * <p>
 * Order: priority tier, a waiting request rising one tier per the pool's
 * {@code agingInterval} so nothing starves; within a tier, the team furthest below its
 * share first; then arrival. Requests are granted in that order while they fit. The first
 * that does not fit is the head: requests behind it may still be granted (backfilled),
 * but only if that does not make the head's estimated grant later, so large requests are
 * never starved by small ones. A {@code CRITICAL} or {@code HIGH} request of a team below
 * its share may take back the unused part of preemptible holds of teams above their
 * share, lowest priority and newest first.
 */
public final class QueuePlanner {

	/**
	 * A request that wants a hold now: one already queued, or one just arriving.
	 *
	 * @param direct an arriving request that does not want to wait: granted now or
	 * refused
	 * @param deadline when a queued request gives up
	 */
	public record Request(String id, String teamId, long amount, Priority priority, Instant queuedAt, Duration ttl,
			Instant deadline, boolean direct, ZoneId zone) {
	}

	/** A request left waiting, with its place and its estimated grant. */
	public record Waiting(Request request, int position, Instant estimatedGrantAt) {
	}

	/**
	 * A preemptible hold active now, as the planner may take it back.
	 *
	 * @param unused what it holds and has not used yet
	 */
	public record Held(String id, String teamId, Priority priority, Instant createdAt, Instant expiresAt, long unused) {
	}

	/** A hold taken back. */
	public record Preemption(Held hold, long taken, String reason) {
	}

	/**
	 * What to write: grants (and which of them came in order, not by backfill), refusals,
	 * expiries, preemptions, the line as it stands, and when the queue must next be
	 * looked at ({@code null}: it is empty).
	 */
	public record Plan(List<Request> granted, List<Request> grantedInOrder, Map<Request, CapacityCheck.Verdict> refused,
			List<Request> expired, List<Waiting> waiting, List<Preemption> preempted, Instant wakeAt) {
	}

	/** A queued request's refusal when the pool has less free than it asks, even now. */
	private static final CapacityCheck.Verdict NO_ROOM = new CapacityCheck.Verdict(false, null, 0, null,
			"The pool has less free now than the request asks.");

	private final PoolLoad load;

	private final Instant now;

	private final Duration aging;

	private final Supplier<List<Held>> preemptible;

	private final Map<String, Instant> lastGrants;

	private final Function<String, Double> elsewhere;

	private List<Held> preemptibleHolds;

	/**
	 * @param preemptible the pool's preemptible holds, read only if a request may preempt
	 * @param lastGrants when each team last had a hold of each priority granted here
	 * while a queue waited ("team|PRIORITY")
	 * @param elsewhere each team's largest share used in the other pools it draws on (its
	 * dominant share there), so that "below its share" means below it everywhere
	 */
	public QueuePlanner(PoolLoad load, Instant now, Supplier<List<Held>> preemptible, Map<String, Instant> lastGrants,
			Function<String, Double> elsewhere) {
		this.load = load;
		this.now = now;
		this.aging = load.pool().policy().agingInterval();
		this.preemptible = preemptible;
		this.lastGrants = lastGrants;
		this.elsewhere = elsewhere;
	}

	/**
	 * The tier a request waits in now: its priority, raised one step per aging interval
	 * that its team went without a grant of that priority. Aging lifts teams that are not
	 * being served; among teams that are, fair share decides (aging counted from arrival
	 * alone would rank the most-served team's requests, being the youngest, last).
	 */
	int tier(Request r) {
		Instant since = r.queuedAt();
		Instant served = this.lastGrants.get(r.teamId() + "|" + r.priority().name());
		if (served != null && served.isAfter(since)) {
			since = served;
		}
		long steps = Math.max(0, Duration.between(since, this.now).toSeconds()) / this.aging.toSeconds();
		return (int) Math.max(0, r.priority().ordinal() - Math.min(steps, Priority.values().length));
	}

	/**
	 * Whether the request's team is below its share and the request no bigger than a
	 * share: one that asks for more than a whole share borrows by itself, and is kept
	 * from starving by its estimate alone.
	 */
	private boolean entitled(Request r) {
		FairShare fair = this.load.fair();
		return fair != null && fair.has(r.teamId()) && shareUsed(r.teamId()) < 1
				&& r.amount() <= fair.standing(r.teamId()).share();
	}

	/**
	 * The team's dominant share: its share used here (as grants of the plan change it) or
	 * in another pool it draws on, whichever is larger.
	 */
	private double shareUsed(String teamId) {
		FairShare fair = this.load.fair();
		double here = (fair != null && fair.has(teamId)) ? fair.shareUsed(teamId) : 0;
		return Math.max(here, this.elsewhere.apply(teamId));
	}

	/** A request with its tier, which stays the same for the whole plan. */
	private record Ranked(Request request, int tier) {
	}

	/** Order within a team: its requests share its share, so that part never differs. */
	private static final Comparator<Ranked> WITHIN_TEAM = Comparator.comparingInt(Ranked::tier)
		.thenComparing((r) -> r.request().queuedAt())
		.thenComparing((r) -> r.request().id());

	/** Whether {@code a} goes before {@code b}, given their teams' share used. */
	private static boolean before(Ranked a, double aShareUsed, Ranked b, double bShareUsed) {
		if (a.tier() != b.tier()) {
			return a.tier() < b.tier();
		}
		if (aShareUsed != bShareUsed) {
			return aShareUsed < bShareUsed;
		}
		return WITHIN_TEAM.compare(a, b) < 0;
	}

	/**
	 * @param withEstimates whether to estimate each waiting request's grant (costs a pass
	 * over the line)
	 */
	public Plan plan(List<Request> requests, boolean withEstimates) {
		return plan(requests, withEstimates ? (r) -> true : (r) -> false);
	}

	/**
	 * @param estimated the waiting requests whose grant to estimate: the line is
	 * estimated up to the last of them (each estimate depends on those ahead), the rest
	 * is not
	 */
	public Plan plan(List<Request> requests, Predicate<Request> estimated) {
		List<Request> granted = new ArrayList<>();
		Map<Request, CapacityCheck.Verdict> refused = new LinkedHashMap<>();
		List<Request> expired = new ArrayList<>();
		List<Preemption> preempted = new ArrayList<>();
		List<Request> remaining = new ArrayList<>();
		for (Request r : requests) {
			if (!r.direct() && !this.now.isBefore(r.deadline())) {
				expired.add(r);
			}
			else {
				remaining.add(r);
			}
		}
		List<Request> line = new ArrayList<>();
		List<Request> inOrder = new ArrayList<>();
		Request head = null;
		Instant headEstimate = null;
		boolean entitledHead = false;
		// Grants change shares, so the next request is chosen anew each time.
		// It is the least of each team's first request.
		// A team's requests share its share: their order among themselves never changes.
		// That costs O(teams) per request rather than O(requests).
		List<Ranked> ranked = new ArrayList<>(remaining.size());
		remaining.forEach((r) -> ranked.add(new Ranked(r, tier(r))));
		ranked.sort(WITHIN_TEAM);
		Map<String, ArrayDeque<Ranked>> byTeam = new LinkedHashMap<>();
		ranked.forEach((r) -> byTeam.computeIfAbsent(r.request().teamId(), (k) -> new ArrayDeque<>()).add(r));
		while (!byTeam.isEmpty()) {
			ArrayDeque<Ranked> first = null;
			double firstShareUsed = 0;
			for (ArrayDeque<Ranked> team : byTeam.values()) {
				double shareUsed = shareUsed(team.peekFirst().request().teamId());
				if (first == null || before(team.peekFirst(), shareUsed, first.peekFirst(), firstShareUsed)) {
					first = team;
					firstShareUsed = shareUsed;
				}
			}
			Request next = first.pollFirst().request();
			if (first.isEmpty()) {
				byTeam.remove(next.teamId());
			}
			CapacityRequest draft = draft(next);
			// A deep queue usually means a full pool.
			// A queued request larger than what is free right now cannot be granted,
			// whatever its share says, so it is not checked.
			CapacityCheck.Verdict verdict = (!next.direct() && next.amount() > this.load.profile().at(this.now).free())
					? NO_ROOM : check(draft, next.zone());
			if (verdict.granted() && head != null) {
				// Backfill: never at the cost of the head's estimate.
				// Nor for a team beyond its share while the head's team is below it
				// and asks for no more than a share:
				// that team is served first until it reaches its share.
				Instant after = estimate(head, this.now);
				if (headEstimate == null || after == null || after.isAfter(headEstimate)
						|| (entitledHead && shareUsed(next.teamId()) > 1)) {
					undo(draft, verdict);
					verdict = new CapacityCheck.Verdict(false, null, verdict.available(), verdict.fitsFrom(),
							"It fits, but " + line.size() + " queued request" + ((line.size() == 1) ? " is" : "s are")
									+ " ahead and would wait longer; ask with \"queue\": true to wait in line.");
				}
			}
			if (!verdict.granted() && mayPreempt(next)) {
				CapacityCheck.Verdict taking = preempt(next, draft, preempted);
				verdict = (taking != null) ? taking : verdict;
			}
			if (verdict.granted()) {
				granted.add(next);
				if (head == null) {
					inOrder.add(next);
				}
				continue;
			}
			if (next.direct()) {
				refused.put(next, verdict.settled());
				continue;
			}
			if (head == null) {
				head = next;
				headEstimate = estimate(next, this.now);
				entitledHead = entitled(next);
			}
			line.add(next);
		}
		Instant wakeAt = null;
		if (!line.isEmpty()) {
			// Capacity comes back (usage stops counting, a hold ends),
			// or a deadline passes.
			wakeAt = this.load.profile().nextIncrease(this.now);
			for (Request r : line) {
				if (wakeAt == null || r.deadline().isBefore(wakeAt)) {
					wakeAt = r.deadline();
				}
			}
		}
		int last = -1;
		for (int i = 0; i < line.size(); i++) {
			if (estimated.test(line.get(i))) {
				last = i;
			}
		}
		List<Waiting> waiting = estimates(line, last);
		if (last < 0 && !waiting.isEmpty()) {
			waiting.set(0, new Waiting(line.get(0), 1, headEstimate));
		}
		return new Plan(granted, inOrder, refused, expired, waiting, preempted, wakeAt);
	}

	/**
	 * Estimated grants in line order, each no earlier than the one before it, up to
	 * {@code last} (the rest are placed without one).
	 */
	private List<Waiting> estimates(List<Request> line, int last) {
		List<Waiting> waiting = new ArrayList<>(line.size());
		Instant from = this.now;
		int position = 1;
		for (Request r : line) {
			if (position > last + 1) {
				waiting.add(new Waiting(r, position++, null));
				continue;
			}
			Instant at = (from == null) ? null : estimate(r, from);
			if (at != null) {
				// Later requests wait for this one's hold too.
				Instant until = CapacityProfile.countsUntil(this.load.pool().window(), at.plus(r.ttl()));
				this.load.profile().add(new CapacityProfile.Occupancy(at, until, r.amount()));
				if (r.deadline() != null && at.isAfter(r.deadline())) {
					at = null;
				}
			}
			waiting.add(new Waiting(r, position++, at));
			from = (at != null) ? at : from;
		}
		return waiting;
	}

	private Instant estimate(Request r, Instant from) {
		Instant until = CapacityProfile.countsUntil(this.load.pool().window(), from.plus(r.ttl()));
		Instant at = ShareCheck.fitsFrom(this.load, r.teamId(), r.amount(), from, Duration.between(from, until));
		// A cap on holds in force at once frees a place when a hold ends, at the latest.
		HoldCap cap = this.load.holdCap();
		if (at != null && cap != null && cap.firstEnd() != null && at.isBefore(cap.firstEnd())
				&& cap.refusal(r.teamId(), this.now, ZoneOffset.UTC) != null) {
			at = cap.firstEnd();
		}
		return at;
	}

	private CapacityRequest draft(Request r) {
		return new CapacityRequest(r.teamId(), r.amount(), this.now, this.now.plus(r.ttl()), false);
	}

	private CapacityCheck.Verdict check(CapacityRequest d, ZoneId zone) {
		return this.load.check(d, this.now, zone);
	}

	private void undo(CapacityRequest d, CapacityCheck.Verdict granted) {
		this.load.undo(d, granted, this.now);
	}

	private boolean mayPreempt(Request r) {
		if (r.priority().compareTo(Priority.HIGH) > 0 || !this.load.preemptibleHeld()) {
			return false;
		}
		FairShare fair = this.load.fair();
		return fair != null && fair.has(r.teamId()) && shareUsed(r.teamId()) < 1;
	}

	/**
	 * Takes back unused parts of preemptible holds of teams above their share, lowest
	 * priority first and newest first, until the request fits; takes nothing if it would
	 * not fit even then.
	 * @return {@code null} when the pool has no preemptible hold to take from
	 */
	private CapacityCheck.Verdict preempt(Request r, CapacityRequest draft, List<Preemption> preempted) {
		if (this.preemptibleHolds == null) {
			this.preemptibleHolds = new ArrayList<>(this.preemptible.get());
			this.preemptibleHolds.sort(Comparator.comparing(Held::priority, Comparator.reverseOrder())
				.thenComparing(Held::createdAt, Comparator.reverseOrder()));
		}
		if (this.preemptibleHolds.isEmpty()) {
			return null;
		}
		FairShare fair = this.load.fair();
		List<Preemption> taken = new ArrayList<>();
		CapacityCheck.Verdict verdict = null;
		for (Held victim : this.preemptibleHolds) {
			if (victim.teamId().equals(r.teamId()) || fair.shareUsed(victim.teamId()) <= 1 || victim.unused() == 0) {
				continue;
			}
			long unused = victim.unused();
			Instant until = CapacityProfile.countsUntil(this.load.pool().window(), victim.expiresAt());
			this.load.profile().add(new CapacityProfile.Occupancy(this.now, until, -unused));
			fair.unhold(victim.teamId(), unused);
			taken.add(new Preemption(victim, unused,
					"preempted: " + Wording.amount(this.load.pool().unit(), unused) + " taken back for " + r.priority()
							+ " request " + r.id() + " of team '" + r.teamId() + "', below its share while team '"
							+ victim.teamId() + "' is above its share"));
			verdict = check(draft, r.zone());
			if (verdict.granted()) {
				break;
			}
		}
		if (verdict != null && verdict.granted()) {
			preempted.addAll(taken);
			this.preemptibleHolds.removeIf((h) -> taken.stream().anyMatch((t) -> t.hold().id().equals(h.id())));
			return verdict;
		}
		// Not enough to take: give everything back.
		for (Preemption p : taken) {
			Instant until = CapacityProfile.countsUntil(this.load.pool().window(), p.hold().expiresAt());
			this.load.profile().add(new CapacityProfile.Occupancy(this.now, until, p.taken()));
			fair.hold(p.hold().teamId(), p.taken());
		}
		return (verdict != null) ? verdict : check(draft, r.zone());
	}

}
