package io.github.quotabroker.reservation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;

/**
 * Decides whether a reservation fits a pool's {@link CapacityProfile}, and if not, says
 * in plain words how much would and from when the whole amount would.
 */
public final class CapacityCheck {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

	private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

	private CapacityCheck() {
	}

	/**
	 * The outcome of one check. A refusal works out when the whole amount would fit, and
	 * its sentence, only when asked: a queue plan refuses many requests that only wait in
	 * line. Whoever keeps a refusal beyond the state it was checked against calls
	 * {@link #settled()} first.
	 */
	public static final class Verdict {

		private final boolean granted;

		private final CapacityProfile.Occupancy occupancy;

		private final long available;

		private Supplier<Instant> fitsFromSource;

		private Instant fitsFrom;

		private Function<Instant, String> reasonSource;

		private String reason;

		/**
		 * @param occupancy what the reservation claims of the pool when granted
		 * @param available how much of the pool the same reservation could have instead
		 * (base units)
		 * @param fitsFrom the earliest start from which the whole amount fits for the
		 * same length of time; {@code null} if it never does
		 * @param reason why it does not fit; {@code null} when granted
		 */
		public Verdict(boolean granted, CapacityProfile.Occupancy occupancy, long available, Instant fitsFrom,
				String reason) {
			this.granted = granted;
			this.occupancy = occupancy;
			this.available = available;
			this.fitsFrom = fitsFrom;
			this.reason = reason;
		}

		/** A refusal whose time and sentence are worked out when first asked for. */
		static Verdict refused(CapacityProfile.Occupancy occupancy, long available, Supplier<Instant> fitsFrom,
				Function<Instant, String> reason) {
			Verdict v = new Verdict(false, occupancy, available, null, null);
			v.fitsFromSource = fitsFrom;
			v.reasonSource = reason;
			return v;
		}

		public boolean granted() {
			return this.granted;
		}

		public CapacityProfile.Occupancy occupancy() {
			return this.occupancy;
		}

		public long available() {
			return this.available;
		}

		public Instant fitsFrom() {
			if (this.fitsFromSource != null) {
				this.fitsFrom = this.fitsFromSource.get();
				this.fitsFromSource = null;
			}
			return this.fitsFrom;
		}

		public String reason() {
			Instant from = fitsFrom();
			if (this.reasonSource != null) {
				this.reason = this.reasonSource.apply(from);
				this.reasonSource = null;
			}
			return this.reason;
		}

		/** Works out what was left for later, against the state checked now. */
		public Verdict settled() {
			reason();
			return this;
		}

	}

	/**
	 * Checks the draft against the profile; a window reservation must also leave the
	 * pool's safety buffer free. A granted draft is added to the profile, so the next
	 * check of a batch sees it.
	 */
	public static Verdict check(CapacityProfile profile, Pool pool, ReservationDraft draft, ZoneId zone) {
		Instant until = CapacityProfile.countsUntil(pool.window(), draft.expiresAt());
		CapacityProfile.Occupancy occupancy = new CapacityProfile.Occupancy(draft.startsAt(), until, draft.amount());
		long buffer = (draft.kind() == ReservationKind.WINDOW) ? bufferOf(pool) : 0;
		CapacityProfile.Load tightest = profile.tightest(draft.startsAt(), until);
		long available = Math.max(0, tightest.free() - buffer);
		if (draft.amount() <= available) {
			profile.add(occupancy);
			return new Verdict(true, occupancy, available, draft.startsAt(), null);
		}
		Duration span = Duration.between(draft.startsAt(), until);
		return Verdict.refused(occupancy, available,
				() -> (draft.amount() + buffer <= pool.limit())
						? profile.earliest(pool.limit() - draft.amount() - buffer, draft.startsAt(), span) : null,
				(fitsFrom) -> reason(profile, pool, draft, tightest, available, buffer, fitsFrom, zone));
	}

	/** The pool's safety buffer in base units, rounded up. */
	public static long bufferOf(Pool pool) {
		long percent = pool.policy().safetyBufferPercent();
		return (pool.limit() / 100) * percent + ((pool.limit() % 100) * percent + 99) / 100;
	}

	private static String reason(CapacityProfile profile, Pool pool, ReservationDraft draft,
			CapacityProfile.Load tightest, long available, long buffer, Instant fitsFrom, ZoneId zone) {
		Unit unit = pool.unit();
		StringBuilder s = new StringBuilder();
		Instant now = profile.now();
		if (draft.kind() == ReservationKind.HOLD) {
			s.append("Only ").append(amount(unit, available)).append(" can be held");
			Instant more = profile.nextIncrease(tightest.at());
			// A hold's draft is stamped before its decision: only a later tightest
			// point is a reservation that starts within the hold.
			if (tightest.at().isAfter(draft.startsAt()) && tightest.at().isAfter(now)) {
				s.append(": reservations from ").append(local(tightest.at(), now, zone)).append(" take the rest");
			}
			else if (more != null) {
				s.append(" until ").append(local(more, now, zone));
			}
			else {
				s.append(" now");
			}
		}
		else {
			s.append("Only ")
				.append(amount(unit, available))
				.append(" can be reserved from ")
				.append(local(draft.startsAt(), now, zone))
				.append(" to ")
				.append(local(draft.expiresAt(), now, zone))
				.append(" (tightest at ")
				.append(local(tightest.at(), now, zone))
				.append(", keeping the pool's ")
				.append(pool.policy().safetyBufferPercent())
				.append("% safety buffer of ")
				.append(amount(unit, buffer))
				.append(" free)");
		}
		s.append("; ").append(amount(unit, draft.amount()));
		if (fitsFrom == null) {
			s.append(" never fit: the pool's limit is ").append(amount(unit, pool.limit()));
			if (buffer > 0) {
				s.append(" with ").append(amount(unit, buffer)).append(" kept free");
			}
		}
		else {
			s.append(" fit from ").append(local(fitsFrom, now, zone));
		}
		return s.append('.').toString();
	}

	static String amount(Unit unit, long base) {
		return unit.fromBase(base).toPlainString() + " " + unit.name();
	}

	/**
	 * A local time in the zone, with the day when it is not today there, and the zone.
	 */
	static String local(Instant at, Instant now, ZoneId zone) {
		ZonedDateTime local = at.atZone(zone);
		LocalDate today = now.atZone(zone).toLocalDate();
		String text = local.toLocalDate().equals(today) ? TIME.format(local) : DAY_TIME.format(local);
		return text + " " + zone.getId();
	}

}
