package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.team.WorkingHours;

import static io.github.quotabroker.capacity.Wording.amount;
import static io.github.quotabroker.capacity.Wording.local;

/**
 * "When can I run this?" (issue #14): the earliest slots in which a whole amount fits
 * every pool the work draws on at every instant, projected from the pools' snapshots
 * ({@link PoolLoad}): usage rolling off or reset, holds, scheduled windows, the team's
 * fair-share room, the safety buffer, and for automated work the automation cap. A slot
 * fits when a window reservation of the amount over it would be granted
 * ({@link PoolLoad#check}: share room, then free capacity less the buffer over the time
 * the reservation occupies the pool), and automated work stays under its cap there too.
 *
 * <p>
 * Slots start on whole minutes, strictly after now (a window reservation begins in the
 * future), last {@code duration}, end by the deadline, lie inside one working-hours span
 * when asked, and do not overlap each other: each is an alternative. Only starts that
 * begin a segment of some pool's projected load (or a span, or the end of the slot
 * before) can be the earliest of a run: moving a start later within a segment only adds
 * instants on the right of the time it occupies, never removes its tightest one.
 */
public final class SlotFinder {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Duration HOUR = Duration.ofHours(1);

	private SlotFinder() {
	}

	/**
	 * A pool the work draws on, as the asking team may use it.
	 *
	 * @param teamAutomationCapPercent the team's own automation cap (the lower of it and
	 * the pool's applies to automated work)
	 */
	public record Draw(PoolLoad load, String teamId, boolean automated, int teamAutomationCapPercent,
			long[] othersDemandByHourOfWeek) {

		/** A draw without other teams' expected use. */
		public Draw(PoolLoad load, String teamId, boolean automated, int teamAutomationCapPercent) {
			this(load, teamId, automated, teamAutomationCapPercent, null);
		}

	}

	/**
	 * What is asked, in base units.
	 *
	 * @param duration whole minutes
	 * @param within the working-hours spans a slot must fit inside, in time order;
	 * {@code null}: any time
	 */
	public record Request(long amount, Duration duration, Instant earliestStart, Instant deadline,
			List<WorkingHours.Span> within, int maxResults) {

		public Request {
			if (amount <= 0 || duration.isNegative() || duration.isZero() || maxResults < 1) {
				throw new IllegalArgumentException("amount, duration and maxResults must be positive");
			}
			if (duration.toSeconds() % 60 != 0 || duration.getNano() != 0) {
				throw new IllegalArgumentException("duration must be whole minutes");
			}
		}

	}

	/**
	 * How close one pool comes to refusing a slot.
	 *
	 * @param margin how much more than the amount the same slot could still take of the
	 * pool
	 * @param tightestAt the first instant at which that margin is reached
	 */
	public record PoolMargin(String poolId, long margin, Instant tightestAt) {
	}

	/**
	 * A slot in which the whole amount fits; {@code margin}: the least over the pools.
	 */
	public record Slot(Instant start, Instant end, long margin, List<PoolMargin> pools) {
	}

	/**
	 * The slots found, earliest first; none: {@code bestPartial} is the most that fits
	 * any allowed slot (at {@code bestPartialStart}, {@code null} when there is no
	 * allowed slot at all), and {@code reason} says what keeps the rest out.
	 */
	public record Answer(List<Slot> slots, long bestPartial, Instant bestPartialStart, String reason) {

		public boolean fits() {
			return !this.slots.isEmpty();
		}

	}

	/**
	 * One pool's terms for this request, worked out once.
	 *
	 * @param profile the pool's projected load, other teams' expected use included
	 * @param expected other teams' expected use alone ({@code null}: none)
	 */
	private record Terms(Draw draw, long ceiling, long capacityCeiling, long automationCeiling, long room,
			CapacityProfile profile, CapacityProfile expected) {

		Pool pool() {
			return this.draw.load().pool();
		}

		/**
		 * The most a slot from {@code start} could take: its tightest instant decides.
		 */
		Fit fit(Instant start, Instant end) {
			Instant until = CapacityProfile.countsUntil(pool().window(), end);
			CapacityProfile.Load tightest = profile().tightest(start, until);
			long occupied = tightest.usage() + tightest.reserved();
			return new Fit(this, Math.min(this.room, this.ceiling - occupied), occupied, tightest.at());
		}

	}

	/** What one pool lets a slot take, and at which instant it is tightest. */
	private record Fit(Terms terms, long most, long occupied, Instant at) {
	}

	/** The earliest slots, or why there is none, as of {@code now}. */
	public static Answer find(List<Draw> draws, Request request, Instant now, ZoneId zone) {
		List<Terms> terms = draws.stream().map((d) -> terms(d, request.deadline())).toList();
		Instant first = ceilMinute(max(request.earliestStart(), now.plusNanos(1)));
		Instant lastStart = request.deadline().minus(request.duration());
		List<WorkingHours.Span> spans = (request.within() != null) ? merged(request.within()) : null;
		TreeSet<Instant> candidates = candidates(terms, spans, first, lastStart);
		List<Slot> slots = new ArrayList<>();
		Instant cursor = first;
		while (slots.size() < request.maxResults()) {
			Instant start = candidates.ceiling(cursor);
			if (start == null || start.isAfter(lastStart)) {
				break;
			}
			cursor = start.plusNanos(1);
			Instant end = start.plus(request.duration());
			if (!allowed(spans, start, end)) {
				continue;
			}
			List<Fit> fits = fits(terms, start, end);
			if (least(fits).most() >= request.amount()) {
				slots.add(slot(start, end, fits, request.amount()));
				// The next alternative starts after this one ends.
				cursor = end;
				candidates.add(end);
			}
		}
		if (!slots.isEmpty()) {
			return new Answer(slots, request.amount(), slots.get(0).start(), null);
		}
		return none(terms, request, candidates, spans, first, lastStart, now, zone);
	}

	/**
	 * The most a window reservation over {@code [start, end)} could take of the draw's
	 * pool (the same terms as a slot: share room, capacity less the buffer and, for
	 * automated work, the automation cap, at the tightest instant); may be negative.
	 */
	static long most(Draw draw, Instant start, Instant end) {
		return terms(draw, end).fit(start, end).most();
	}

	/**
	 * Other teams' expected use as occupancies of a pool: each hour's demand from the
	 * hour's start (the hour under way: from now, for the share of it left, rounded up)
	 * until it would stop counting in {@code window}, for the hours that begin before
	 * {@code until}.
	 */
	static List<CapacityProfile.Occupancy> expectedUse(Window window, long[] byHourOfWeek, Instant now, Instant until) {
		List<CapacityProfile.Occupancy> use = new ArrayList<>();
		for (Instant hour = now.truncatedTo(ChronoUnit.HOURS); hour.isBefore(until); hour = hour.plus(HOUR)) {
			long demand = byHourOfWeek[CoordinationPlan.hourOfWeek(hour)];
			Instant end = hour.plus(HOUR);
			if (hour.isBefore(now)) {
				long left = Duration.between(now, end).getSeconds();
				demand = (demand * left + HOUR.getSeconds() - 1) / HOUR.getSeconds();
			}
			if (demand > 0) {
				use.add(new CapacityProfile.Occupancy(hour, CapacityProfile.countsUntil(window, end), demand));
			}
		}
		return use;
	}

	/**
	 * @param deadline the latest end of a slot: others' expected use matters until what a
	 * slot ending then uses stops counting
	 */
	private static Terms terms(Draw d, Instant deadline) {
		PoolLoad load = d.load();
		Pool pool = load.pool();
		CapacityProfile profile = load.profile();
		CapacityProfile expected = null;
		if (d.othersDemandByHourOfWeek() != null) {
			List<CapacityProfile.Occupancy> use = expectedUse(pool.window(), d.othersDemandByHourOfWeek(),
					profile.now(), CapacityProfile.countsUntil(pool.window(), deadline));
			if (!use.isEmpty()) {
				profile = profile.copy();
				expected = new CapacityProfile(pool.limit(), profile.now(), 0, Map.of());
				for (CapacityProfile.Occupancy o : use) {
					profile.add(o);
					expected.add(o);
				}
			}
		}
		long capacity = pool.limit() - CapacityCheck.bufferOf(pool);
		long automation = Long.MAX_VALUE;
		if (d.automated()) {
			int percent = Math.min(pool.policy().automationCapPercent(), d.teamAutomationCapPercent());
			// The same floor as the admission check's automation cap.
			automation = (pool.limit() / 100) * percent + (pool.limit() % 100) * percent / 100;
		}
		// As a window reservation's share check: the team's cap, with other teams'
		// guarantees kept whole, since their future use is unknown.
		long room = Long.MAX_VALUE;
		FairShare fair = load.fair();
		if (fair != null && fair.has(d.teamId())) {
			room = Math.min(fair.standing(d.teamId()).cap(), pool.limit() - fair.guaranteedOfOthers(d.teamId()));
		}
		return new Terms(d, Math.min(capacity, automation), capacity, automation, room, profile, expected);
	}

	/**
	 * Every start that may be the earliest of a run: the first allowed one, the start of
	 * each working span, and the first whole minute at or after each change of a pool's
	 * load.
	 */
	private static TreeSet<Instant> candidates(List<Terms> terms, List<WorkingHours.Span> spans, Instant first,
			Instant lastStart) {
		TreeSet<Instant> candidates = new TreeSet<>();
		candidates.add(first);
		for (Terms t : terms) {
			for (Instant c = t.profile().nextChange(first); c != null
					&& !c.isAfter(lastStart); c = t.profile().nextChange(c)) {
				candidates.add(ceilMinute(c));
			}
		}
		if (spans != null) {
			for (WorkingHours.Span s : spans) {
				Instant start = ceilMinute(s.start());
				if (!start.isBefore(first)) {
					candidates.add(start);
				}
			}
		}
		return candidates;
	}

	private static boolean allowed(List<WorkingHours.Span> spans, Instant start, Instant end) {
		if (spans == null) {
			return true;
		}
		for (WorkingHours.Span s : spans) {
			if (!start.isBefore(s.start()) && !end.isAfter(s.end())) {
				return true;
			}
		}
		return false;
	}

	/** Spans that touch (whole-day hours on consecutive days) become one. */
	private static List<WorkingHours.Span> merged(List<WorkingHours.Span> spans) {
		List<WorkingHours.Span> merged = new ArrayList<>();
		for (WorkingHours.Span s : spans) {
			WorkingHours.Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && !s.start().isAfter(last.end())) {
				merged.set(merged.size() - 1, new WorkingHours.Span(last.start(), max(last.end(), s.end())));
			}
			else {
				merged.add(s);
			}
		}
		return merged;
	}

	private static List<Fit> fits(List<Terms> terms, Instant start, Instant end) {
		List<Fit> fits = new ArrayList<>(terms.size());
		for (Terms t : terms) {
			fits.add(t.fit(start, end));
		}
		return fits;
	}

	private static Fit least(List<Fit> fits) {
		Fit least = fits.get(0);
		for (Fit f : fits) {
			if (f.most() < least.most()) {
				least = f;
			}
		}
		return least;
	}

	private static Slot slot(Instant start, Instant end, List<Fit> fits, long amount) {
		List<PoolMargin> margins = new ArrayList<>(fits.size());
		long margin = Long.MAX_VALUE;
		for (Fit f : fits) {
			long left = f.most() - amount;
			margins.add(new PoolMargin(f.terms().pool().id(), left, f.at()));
			margin = Math.min(margin, left);
		}
		return new Slot(start, end, margin, margins);
	}

	/**
	 * No slot: the most that fits an allowed slot, and what keeps the rest out there, in
	 * words.
	 */
	private static Answer none(List<Terms> terms, Request request, TreeSet<Instant> candidates,
			List<WorkingHours.Span> spans, Instant first, Instant lastStart, Instant now, ZoneId zone) {
		Fit best = null;
		Instant bestStart = null;
		for (Instant start : first.isAfter(lastStart) ? List.<Instant>of()
				: candidates.subSet(first, true, lastStart, true)) {
			Instant end = start.plus(request.duration());
			if (!allowed(spans, start, end)) {
				continue;
			}
			Fit f = least(fits(terms, start, end));
			if (best == null || f.most() > best.most()) {
				best = f;
				bestStart = start;
			}
		}
		String during = "for " + request.duration() + " between " + local(first, now, zone) + " and "
				+ local(request.deadline(), now, zone);
		if (best == null) {
			return new Answer(List.of(), 0, null, "No slot " + during
					+ ((spans != null) ? " lies within the working hours asked for." : ": the deadline is too close."));
		}
		long most = Math.max(0, best.most());
		Terms t = best.terms();
		Unit unit = t.pool().unit();
		StringBuilder why = new StringBuilder("At most ").append(amount(unit, most))
			.append(" of ")
			.append(amount(unit, request.amount()))
			.append(" fits ")
			.append(during)
			.append(" (from ")
			.append(local(bestStart, now, zone))
			.append("): ");
		if (t.room() <= t.ceiling() - best.occupied()) {
			why.append("team '").append(t.draw().teamId()).append("' may reserve at most ");
			why.append(amount(unit, t.room())).append(" of pool '").append(t.pool().id());
			why.append("' (its share with borrowing, other teams' guarantees kept whole)");
		}
		else {
			why.append("pool '").append(t.pool().id()).append("' has ");
			why.append(amount(unit, best.occupied()))
				.append(" used or reserved at ")
				.append(local(best.at(), now, zone));
			long expected = (t.expected() != null) ? t.expected().at(best.at()).reserved() : 0;
			if (expected > 0) {
				why.append(" (").append(amount(unit, expected)).append(" of it other teams' expected use)");
			}
			if (t.automationCeiling() < t.capacityCeiling()) {
				why.append(" and automated work may fill it to ").append(amount(unit, t.automationCeiling()));
			}
			else {
				why.append(" of ").append(amount(unit, t.pool().limit())).append(", keeping its ");
				why.append(t.pool().policy().safetyBufferPercent()).append("% safety buffer free");
			}
		}
		return new Answer(List.of(), most, bestStart, why.append('.').toString());
	}

	static Instant ceilMinute(Instant at) {
		Instant floor = at.truncatedTo(ChronoUnit.MINUTES);
		return floor.equals(at) ? at : floor.plus(MINUTE);
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
