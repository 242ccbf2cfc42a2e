package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.RollingWindow;

/**
 * Turns an {@link OutlookSnapshot} into an {@link Outlook}: the series per step, the
 * exhaustion instants, the projection at reset, pace and advice. Pure: everything it
 * needs is in the snapshot.
 */
final class Outlooks {

	private Outlooks() {
	}

	static Outlook of(OutlookSnapshot s) {
		int scale = s.pool().unit().fromBase(1).scale();
		Instant end = s.now().plus(s.horizon());
		RollingWindow rolling = (s.pool().window() instanceof RollingWindow r) ? r : null;
		HourlyProjection own = s.own();
		Outlook.BurnRate burn = new Outlook.BurnRate(s.recentWindow().toString(),
				Advice.amount(s.recentUsed() * 3600.0 / s.recentWindow().toSeconds(), scale),
				Advice.amount(own.mean().length > 0 ? own.mean()[0] : 0, scale), s.projectionFrom(),
				"recent: usage over the last " + s.recentWindow() + " per hour; expected: the " + own.model()
						+ " projection for the hour starting " + s.projectionFrom());
		Outlook.Instants team = (s.teamId() != null) ? teamExhaustion(s, end, rolling) : null;
		Outlook.Instants pool = poolExhaustion(s, end, rolling);
		return new Outlook(s.pool().id(), s.pool().name(), s.pool().unit().name(), s.teamId(), describe(s), own.model(),
				own.reason(), own.calibrated(), burn, series(s, scale), new Outlook.Exhaustion(team, pool),
				projectionAtReset(s, scale), pace(s), advice(s, end, scale),
				(s.workflowRuns() != null) ? WorkflowRuns.of(s.workflowRuns(), s.available(), s.nextReset(),
						ForecastService.WORKFLOW_HISTORY, s.pool().unit()) : null);
	}

	static List<Outlook.Point> series(OutlookSnapshot s, int scale) {
		HourlyProjection p = s.own();
		Instant from = s.now().truncatedTo(ChronoUnit.MINUTES);
		// From the current minute: horizon / step points exactly, no sliver at the end.
		Instant end = from.plus(s.horizon());
		List<Outlook.Point> points = new ArrayList<>();
		for (Instant t = from; t.isBefore(end); t = t.plus(s.step())) {
			Instant to = t.plus(s.step()).isBefore(end) ? t.plus(s.step()) : end;
			// Bands are summed hour by hour.
			// That is conservative, as hourly errors partly cancel.
			points.add(new Outlook.Point(t, amount(p.mean(), s, t, to, scale), amount(p.lower80(), s, t, to, scale),
					amount(p.upper80(), s, t, to, scale), amount(p.lower95(), s, t, to, scale),
					amount(p.upper95(), s, t, to, scale)));
		}
		return points;
	}

	private static BigDecimal amount(double[] hourly, OutlookSnapshot s, Instant a, Instant b, int scale) {
		return Advice.amount(Runway.amountBetween(hourly, s.projectionFrom(), a, b), scale);
	}

	/**
	 * The team runs out when either what the pool has left for it or its fair-share cap
	 * runs out.
	 */
	private static Outlook.Instants teamExhaustion(OutlookSnapshot s, Instant end, RollingWindow rolling) {
		Instant[] at = new Instant[3];
		double[][] poolBands = { s.whole().upperPath80(), s.whole().mean(), s.whole().lowerPath80() };
		double[][] ownBands = { s.own().upperPath80(), s.own().mean(), s.own().lowerPath80() };
		Instant walkEnd = walkEnd(s, end);
		for (int i = 0; i < 3; i++) {
			List<Runway.Track> tracks = new ArrayList<>();
			tracks.add(new Runway.Track(s.available(), poolBands[i], s.projectionFrom(), s.poolReturning(),
					(rolling != null) ? rolling.duration() : null));
			if (s.cap() != null) {
				tracks.add(new Runway.Track(s.cap() - s.teamUsed() - s.teamHeld(), ownBands[i], s.projectionFrom(),
						s.teamReturning(), (rolling != null) ? rolling.duration() : null));
			}
			at[i] = Runway.firstEmpty(s.now(), walkEnd, tracks);
		}
		return instants(s, at, end, rolling, (s.cap() != null) ? Math.min(s.cap(), s.pool().limit()) : s.pool().limit(),
				s.own());
	}

	private static Outlook.Instants poolExhaustion(OutlookSnapshot s, Instant end, RollingWindow rolling) {
		Instant[] at = new Instant[3];
		double[][] bands = { s.whole().upperPath80(), s.whole().mean(), s.whole().lowerPath80() };
		long left = s.pool().limit() - s.used() - s.held();
		for (int i = 0; i < 3; i++) {
			at[i] = Runway.firstEmpty(s.now(), walkEnd(s, end), List.of(new Runway.Track(left, bands[i],
					s.projectionFrom(), s.poolReturning(), (rolling != null) ? rolling.duration() : null)));
		}
		return instants(s, at, end, rolling, s.pool().limit(), s.whole());
	}

	private static Instant walkEnd(OutlookSnapshot s, Instant end) {
		return (s.nextReset() != null && s.nextReset().isBefore(end)) ? s.nextReset() : end;
	}

	private static Outlook.Instants instants(OutlookSnapshot s, Instant[] at, Instant end, RollingWindow rolling,
			long budget, HourlyProjection projection) {
		if (projection.model() == ForecastModel.NO_HISTORY && at[1] == null) {
			return new Outlook.Instants(null, null, null, (rolling == null) ? false : null,
					"no history to project: only what is used and held now counts, and it does not run out");
		}
		if (rolling != null) {
			String note;
			double perHour = meanPerHour(projection.mean(), (int) Math.max(1, rolling.duration().toHours()));
			if (at[1] != null) {
				note = "runs out at the forecast pace although usage older than " + rolling.duration() + " rolls off";
			}
			else if (Runway.lastsAtSteadyPace(perHour, rolling.duration(), budget)) {
				note = "a rolling window never runs out at a steady pace below " + budget + " per " + rolling.duration()
						+ ": at the forecast pace usage rolls off as fast as it comes";
			}
			else {
				note = "does not run out within the horizon (" + end + "), with roll-off counted";
			}
			return new Outlook.Instants(at[0], at[1], at[2], null, note);
		}
		boolean resetFirst = s.nextReset() != null && !s.nextReset().isAfter(end);
		String note = (at[1] != null) ? "runs out before the reset at " + s.nextReset() : resetFirst
				? "at the mean (P50) pace it lasts until the reset at " + s.nextReset()
				: "at the mean (P50) pace it does not run out within the horizon, which ends before the reset at "
						+ s.nextReset();
		return new Outlook.Instants(at[0], at[1], at[2], at[1] != null, note);
	}

	static double meanPerHour(double[] hourly, int hours) {
		int n = Math.min(hours, hourly.length);
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += hourly[i];
		}
		return (n > 0) ? sum / n : 0;
	}

	private static Outlook.ResetProjection projectionAtReset(OutlookSnapshot s, int scale) {
		if (s.nextReset() == null) {
			return null;
		}
		HourlyProjection whole = s.whole();
		double mean = s.used() + Runway.amountBetween(whole.mean(), s.projectionFrom(), s.now(), s.nextReset());
		double lower = s.used() + Runway.amountBetween(whole.lowerPath80(), s.projectionFrom(), s.now(), s.nextReset());
		double upper = s.used() + Runway.amountBetween(whole.upperPath80(), s.projectionFrom(), s.now(), s.nextReset());
		double headroom = s.pool().limit() - mean;
		BigDecimal signedHeadroom = (headroom >= 0) ? Advice.amount(headroom, scale)
				: Advice.amount(-headroom, scale).negate();
		return new Outlook.ResetProjection(s.nextReset(), Advice.amount(mean, scale), Advice.amount(lower, scale),
				Advice.amount(upper, scale), s.pool().unit().fromBase(s.pool().limit()), mean >= s.pool().limit(),
				signedHeadroom);
	}

	/**
	 * A team's pace is measured against its fair share (the cap allows borrowing beyond
	 * it, so being on pace against the cap would already take from others).
	 */
	private static Pace pace(OutlookSnapshot s) {
		long budget = (s.teamId() != null && s.share() != null) ? Math.min(s.share(), s.pool().limit())
				: s.pool().limit();
		long used = (s.teamId() != null) ? s.teamUsed() : s.used();
		return Pace.of(used, budget, s.countsFrom(), s.nextReset(), s.now(), s.paceWarning(), s.paceCritical());
	}

	private static Advice advice(OutlookSnapshot s, Instant end, int scale) {
		if (s.pool().window() instanceof RollingWindow rolling) {
			// The cap may lie above the limit (borrowing).
			// The limit still bounds the window.
			long budget = (s.teamId() != null && s.cap() != null) ? Math.min(s.cap(), s.pool().limit())
					: s.pool().limit();
			int hours = (int) Math.max(1, rolling.duration().toHours());
			return Advice.rolling(budget, rolling.duration(), meanPerHour(s.own().mean(), hours),
					s.now().plus(rolling.duration()), s.zone(), scale);
		}
		double projected = Runway.amountBetween(s.own().mean(), s.projectionFrom(), s.now(), s.nextReset());
		double left = s.pool().limit() - s.used() - s.held();
		if (s.teamId() != null) {
			// The pool's remainder is shared with the other teams.
			// The team may spend its projected part of it.
			// When the pool will not last, everyone is asked to cut by the same fraction.
			double wholeProjected = Runway.amountBetween(s.whole().mean(), s.projectionFrom(), s.now(), s.nextReset());
			double part = (wholeProjected > 0) ? Math.min(1, projected / wholeProjected) : 1;
			left = Math.min(s.available(), left * part);
			if (s.cap() != null) {
				left = Math.min(left, s.cap() - s.teamUsed() - s.teamHeld());
			}
		}
		return Advice.untilReset(left, projected, s.now(), s.nextReset(), s.zone(), scale);
	}

	/** The pool's window in words. */
	static String describe(OutlookSnapshot s) {
		if (s.pool().window() instanceof CalendarWindow c) {
			return "calendar " + c.period().name().toLowerCase(java.util.Locale.ROOT) + ", resets " + s.nextReset();
		}
		return "rolling " + ((RollingWindow) s.pool().window()).duration();
	}

}
