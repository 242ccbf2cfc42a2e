package io.github.quotabroker.capacity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.Unit;

import static io.github.quotabroker.capacity.Wording.amount;
import static io.github.quotabroker.capacity.Wording.local;

/**
 * Decides whether a reservation fits a pool's {@link CapacityProfile}, and if not, says
 * in plain words how much would and from when the whole amount would.
 */
public final class CapacityCheck {

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
	 * Checks the request against the profile; a window reservation must also leave the
	 * pool's safety buffer free. A granted request is added to the profile, so the next
	 * check of a batch sees it.
	 */
	public static Verdict check(CapacityProfile profile, Pool pool, CapacityRequest request, ZoneId zone) {
		Instant until = CapacityProfile.countsUntil(pool.window(), request.expiresAt());
		CapacityProfile.Occupancy occupancy = new CapacityProfile.Occupancy(request.startsAt(), until,
				request.amount());
		long buffer = (request.window()) ? bufferOf(pool) : 0;
		CapacityProfile.Load tightest = profile.tightest(request.startsAt(), until);
		long available = Math.max(0, tightest.free() - buffer);
		if (request.amount() <= available) {
			profile.add(occupancy);
			return new Verdict(true, occupancy, available, request.startsAt(), null);
		}
		Duration span = Duration.between(request.startsAt(), until);
		return Verdict.refused(occupancy, available,
				() -> (request.amount() + buffer <= pool.limit())
						? profile.earliest(pool.limit() - request.amount() - buffer, request.startsAt(), span) : null,
				(fitsFrom) -> reason(profile, pool, request, tightest, available, buffer, fitsFrom, zone));
	}

	/** The pool's safety buffer in base units, rounded up. */
	public static long bufferOf(Pool pool) {
		long percent = pool.policy().safetyBufferPercent();
		return (pool.limit() / 100) * percent + ((pool.limit() % 100) * percent + 99) / 100;
	}

	private static String reason(CapacityProfile profile, Pool pool, CapacityRequest request,
			CapacityProfile.Load tightest, long available, long buffer, Instant fitsFrom, ZoneId zone) {
		Unit unit = pool.unit();
		StringBuilder s = new StringBuilder();
		Instant now = profile.now();
		if (!request.window()) {
			s.append("Only ").append(amount(unit, available)).append(" can be held");
			Instant more = profile.nextIncrease(tightest.at());
			// A hold request is stamped before its decision: only a later tightest
			// point is a reservation that starts within the hold.
			if (tightest.at().isAfter(request.startsAt()) && tightest.at().isAfter(now)) {
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
				.append(local(request.startsAt(), now, zone))
				.append(" to ")
				.append(local(request.expiresAt(), now, zone))
				.append(" (tightest at ")
				.append(local(tightest.at(), now, zone))
				.append(", keeping the pool's ")
				.append(pool.policy().safetyBufferPercent())
				.append("% safety buffer of ")
				.append(amount(unit, buffer))
				.append(" free)");
		}
		s.append("; ").append(amount(unit, request.amount()));
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

}
