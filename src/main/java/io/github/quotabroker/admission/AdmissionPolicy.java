package io.github.quotabroker.admission;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.team.WorkingHours;
import io.github.quotabroker.usage.UsageKind;

import static io.github.quotabroker.capacity.Wording.amount;
import static io.github.quotabroker.capacity.Wording.local;
import static io.github.quotabroker.capacity.Wording.percent;

/**
 * The rules of the admission check for one pool, without Spring or a database:
 * <ol>
 * <li>the task must fit what is neither used nor held;</li>
 * <li>AUTOMATED work may not push the window's usage (held quota included) past the
 * automation cap, the lower of the pool's and the team's, so the rest stays for
 * people;</li>
 * <li>conservation tiers by the pool's remaining percent: LOW work waits below the pool's
 * low tier (default 40 %), MEDIUM below the medium tier (20 %), HIGH below the high tier
 * (10 %); CRITICAL work is never held back by tiers.</li>
 * </ol>
 * Each rule is a ceiling on the pool's load (usage plus held), so the earliest instant
 * the request would be admitted is the first instant the projected load is under the
 * lowest ceiling: read from the recovery of rolling windows, the next calendar reset and
 * the end of reservations, never guessed.
 */
final class AdmissionPolicy {

	private AdmissionPolicy() {
	}

	/**
	 * What one pool says about a request.
	 *
	 * @param ceiling the highest load at which the request is admitted (negative: never)
	 */
	record Verdict(Decision decision, String reason, Instant retryAt, long ceiling, int capPercent) {
	}

	/**
	 * Holds an admission to the team's fair share of the pool: an ADMIT the team's
	 * standing does not allow becomes DEFER until the share would allow it, or DENY if it
	 * never would.
	 * @param fitsFrom when the share and the pool would allow it ({@code null}: not as
	 * things stand)
	 */
	static Verdict withinShare(Verdict v, Pool pool, FairShare.Standing s, long estimate, Instant fitsFrom, Instant now,
			ZoneId zone) {
		if (v.decision() == Decision.DENY || s == null || estimate <= s.available()) {
			return v;
		}
		Unit unit = pool.unit();
		String window = windowName(pool);
		String terms = "its share is " + amount(unit, s.share()) + ((s.cap() == Long.MAX_VALUE)
				? " with unlimited borrowing" : ", up to " + amount(unit, s.cap()) + " with borrowing");
		if (s.cap() != Long.MAX_VALUE && estimate > s.cap()) {
			return new Verdict(Decision.DENY, "Never fits: ~" + amount(unit, estimate) + " is more than team '"
					+ s.teamId() + "' may use of the " + window + " quota (" + terms + ")", null, -1, v.capPercent());
		}
		String why = "Fair share: team '" + s.teamId() + "' may take ~" + amount(unit, s.available()) + " more of the "
				+ window + " quota now (" + terms + "; it uses " + amount(unit, s.used()) + " and holds "
				+ amount(unit, s.held())
				+ ((s.protectedForOthers() > 0)
						? "; " + amount(unit, s.protectedForOthers()) + " are kept for other teams' guaranteed minimums"
						: "")
				+ ")";
		if (v.decision() != Decision.ADMIT) {
			// The pool already defers it, with its own reason and time.
			return v;
		}
		if (fitsFrom == null) {
			return new Verdict(Decision.DENY, why + "; it would not fit even when everything recorded is back", null,
					v.ceiling(), v.capPercent());
		}
		return new Verdict(Decision.DEFER, why + ". Retry at " + local(fitsFrom, now, zone) + ".", fitsFrom,
				v.ceiling(), v.capPercent());
	}

	/**
	 * @param used recorded usage in the window in force now
	 * @param reserved held now by active reservations
	 * @param holdSpan when the task will also be held: how long its hold occupies the
	 * pool ({@code null}: no hold, only the present counts)
	 */
	static Verdict decide(Pool pool, long used, long reserved, CapacityProfile profile, int teamCapPercent,
			long estimate, UsageKind kind, Priority priority, Duration holdSpan, Instant now, ZoneId zone) {
		long limit = pool.limit();
		PoolPolicy policy = pool.policy();
		long load = used + reserved;
		int capPercent = Math.min(policy.automationCapPercent(), teamCapPercent);
		boolean automated = kind == UsageKind.AUTOMATED;
		long fitCeiling = limit - estimate;
		long cap = percentOf(limit, capPercent);
		long capCeiling = automated ? cap - estimate : Long.MAX_VALUE;
		int tier = tierPercent(policy, priority);
		// remaining * 100 >= tier * limit <=> load <= limit - ceil(tier * limit / 100)
		long tierCeiling = limit - ceilPercentOf(limit, tier);
		String window = windowName(pool);
		Unit unit = pool.unit();
		if (estimate > limit) {
			return new Verdict(Decision.DENY, "Never fits: ~" + amount(unit, estimate) + " is more than the " + window
					+ " quota's whole limit of " + amount(unit, limit), null, -1, capPercent);
		}
		if (automated && capCeiling < 0) {
			return new Verdict(Decision.DENY,
					"Never fits: ~" + amount(unit, estimate) + " is more than automated work may use of the " + window
							+ " quota (configured max: " + capPercent + "% = " + amount(unit, cap) + ")",
					null, -1, capPercent);
		}
		long ceiling = Math.min(fitCeiling, Math.min(capCeiling, tierCeiling));
		Instant retryAt = earliest(profile, ceiling, fitCeiling, holdSpan, now);
		if (retryAt != null && !retryAt.isAfter(now)) {
			return new Verdict(Decision.ADMIT, "Go: ~" + amount(unit, estimate) + " fits; " + window + " quota at "
					+ percent(load + estimate, limit) + "% with this task", null, ceiling, capPercent);
		}
		String why;
		if (automated && load + estimate > cap) {
			why = (load >= cap)
					? "Stopping: " + window + " quota usage at " + percent(load, limit) + "% (configured max: "
							+ capPercent + "%)"
					: "Stopping: " + window + " quota usage at " + percent(load, limit) + "%; this task (~"
							+ percent(estimate, limit) + "%) would pass the configured max of " + capPercent + "%";
		}
		else if (load > tierCeiling) {
			why = "Conserving: " + window + " quota has " + percent(Math.max(0, limit - load), limit) + "% left (below "
					+ tier + "%), so " + priority + " work waits";
		}
		else if (load > fitCeiling) {
			why = "Not enough: needs ~" + amount(unit, estimate) + ", ~" + amount(unit, Math.max(0, limit - load))
					+ " left in the " + window + " quota";
		}
		else {
			why = "Not enough: ~" + amount(unit, estimate) + " fits now, but reservations of the " + window
					+ " quota need it before the hold would end";
		}
		if (retryAt == null) {
			return new Verdict(Decision.DENY,
					why + "; it would not fit even when everything recorded and reserved " + "is back", null, ceiling,
					capPercent);
		}
		return new Verdict(Decision.DEFER, why + ". Retry at " + local(retryAt, now, zone) + ".", retryAt, ceiling,
				capPercent);
	}

	/**
	 * The earliest instant from which the load is at most {@code ceiling} and, for a
	 * hold, stays at most {@code fitCeiling} while the hold occupies the pool.
	 */
	static Instant earliest(CapacityProfile profile, long ceiling, long fitCeiling, Duration holdSpan, Instant now) {
		if (ceiling < 0) {
			return null;
		}
		Instant t = profile.earliest(ceiling, now, Duration.ZERO);
		for (int i = 0; t != null && holdSpan != null && i < 100; i++) {
			Instant fits = profile.earliest(fitCeiling, t, holdSpan);
			if (fits == null || fits.equals(t)) {
				return fits;
			}
			t = profile.earliest(ceiling, fits, Duration.ZERO);
		}
		return t;
	}

	/**
	 * Holds AUTOMATED work to the team's automation window (issue #14): asked outside it,
	 * an ADMIT or a DEFER becomes a DEFER until the window's next start, or, when the
	 * pools ask to wait longer, until the first instant in the window from then. A DENY
	 * stays. The exception, capacity the follow-the-sun plan marks idle, is made
	 * by the caller when this answers a verdict (see {@link #idleCovers}).
	 * @param retryAt when the pools would admit it ({@code null}: now, or never)
	 * @return the verdict to answer instead, or {@code null} when the window allows it
	 */
	static Verdict outsideAutomationWindow(WorkingHours window, String teamId, Decision decision, String reason,
			Instant retryAt, int capPercent, Instant now, ZoneId zone) {
		if (window == null || decision == Decision.DENY || window.isWorkingAt(now)) {
			return null;
		}
		Instant at = nextStart(window, now);
		if (decision == Decision.DEFER && retryAt != null && retryAt.isAfter(at)) {
			at = window.isWorkingAt(retryAt) ? retryAt : nextStart(window, retryAt);
		}
		String why = "Outside the automation window: team '" + teamId + "' starts automated work from " + window.start()
				+ " to " + window.end() + " " + window.zone().getId();
		if (decision == Decision.DEFER) {
			why += ", and " + Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
			int retry = why.lastIndexOf(". Retry at ");
			why = (retry >= 0) ? why.substring(0, retry) : why;
		}
		return new Verdict(Decision.DEFER, why + ". Retry at " + local(at, now, zone) + ".", at, -1, capPercent);
	}

	/**
	 * The reason of an ADMIT outside the automation window that idle capacity covers
	 * (issue #14): no working team's expected demand needs what this task takes now.
	 * @param idle the least the follow-the-sun plan marks idle this hour over the pools
	 */
	static String idleCovers(WorkingHours window, String teamId, String reason, Unit unit, long idle) {
		String go = reason.endsWith(".") ? reason : reason + ".";
		return go + " Outside the automation window of team '" + teamId + "' (" + window.start() + " to " + window.end()
				+ " " + window.zone().getId() + "), but the follow-the-sun plan has ~" + amount(unit, idle)
				+ " idle this hour, which no working team is expected to need.";
	}

	/** The start of the window's next stretch after {@code at} (outside it). */
	private static Instant nextStart(WorkingHours window, Instant at) {
		// Every day has a stretch, so one begins within two days.
		for (WorkingHours.Span s : window.spans(at, at.plus(Duration.ofDays(3)))) {
			if (s.start().isAfter(at)) {
				return s.start();
			}
		}
		throw new IllegalStateException("no stretch of " + window + " within three days of " + at);
	}

	/** The remaining percent below which work of this priority waits. */
	static int tierPercent(PoolPolicy policy, Priority priority) {
		switch (priority) {
			case LOW:
				return policy.lowDeferredBelowPercent();
			case MEDIUM:
				return policy.mediumDeferredBelowPercent();
			case HIGH:
				return policy.highDeferredBelowPercent();
			default:
				return 0;
		}
	}

	/** How people call the window: "5-hour", "weekly". */
	static String windowName(Pool pool) {
		return pool.window().label();
	}

	static long percentOf(long limit, int percent) {
		return (limit / 100) * percent + (limit % 100) * percent / 100;
	}

	static long ceilPercentOf(long limit, int percent) {
		return (limit / 100) * percent + ((limit % 100) * percent + 99) / 100;
	}

}
