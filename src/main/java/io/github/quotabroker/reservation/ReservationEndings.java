package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.capacity.Wording;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends one reservation at its caller's request, under the row's lock: commit, cancel, and
 * the releases that are not the common case {@link ReservationReleases} batches.
 */
@Component
class ReservationEndings {

	static final String RELEASED_REASON = "released: the unused part went back to the pool";

	private final ReservationStore store;

	private final ReservationQueue queue;

	private final DecisionDefinitions definitions;

	private final UsageService usage;

	private final ApplicationEventPublisher events;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final Clock clock;

	ReservationEndings(ReservationStore store, ReservationQueue queue, DecisionDefinitions definitions,
			UsageService usage, ApplicationEventPublisher events, ReservationMetrics metrics, TeamEvents teamEvents,
			Clock clock) {
		this.store = store;
		this.queue = queue;
		this.definitions = definitions;
		this.usage = usage;
		this.events = events;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.clock = clock;
	}

	/**
	 * Ends a hold with what the work used in all: the part not yet recorded by usage
	 * events is recorded now (counted against the reservation's pool), anything beyond
	 * the held amount is reported as overrun, and the rest goes back to the pool.
	 */
	@Transactional
	public ReservationResponse commit(Caller caller, String id, CommitRequest request) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.lock(id).orElseThrow(() -> new UnknownReservation(id));
		caller.requireTeam(r.teamId());
		Pool pool = this.definitions.pool(r.poolId());
		List<FieldError> errors = new ArrayList<>();
		long actual = Amounts.toBase("amount", (request != null) ? request.amount() : null, pool.unit(), true, errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Instant now = this.clock.instant();
		if (r.status() == ReservationStatus.COMMITTED) {
			if (r.committedAmount() == actual) {
				return ReservationResponse.of(r, pool.unit(), now);
			}
			throw new Conflict("Reservation '" + id + "' was already committed with "
					+ Wording.amount(pool.unit(), r.committedAmount()));
		}
		ReservationStatus status = r.statusAt(now);
		if (status != ReservationStatus.HELD) {
			throw new Conflict("Reservation '" + id + "' is " + status + "; only a HELD reservation can be committed"
					+ ((status == ReservationStatus.EXPIRED) ? ". Record what was used with POST /usage-events" : ""));
		}
		long extra = Math.max(0, actual - r.consumed());
		if (extra > 0) {
			this.usage.recordCommitted("reservation:" + id + ":commit", r.teamId(), r.memberId(), pool, extra, now, id);
		}
		long total = r.consumed() + extra;
		long overrun = Math.max(0, total - r.amount());
		String reason = "committed: " + Wording.amount(pool.unit(), total) + " used of "
				+ Wording.amount(pool.unit(), r.amount()) + " held"
				+ ((overrun > 0) ? ", " + Wording.amount(pool.unit(), overrun) + " over" : "");
		Reservation done = r.to(ReservationStatus.COMMITTED, total, actual, overrun, reason, now);
		this.store.update(done);
		this.teamEvents.publish(ended(TeamEventType.COMMITTED, done, now));
		if (overrun > 0) {
			this.metrics.overrun(r.poolId(), pool.unit().fromBase(overrun).doubleValue());
		}
		this.metrics.ended(ReservationStatus.COMMITTED, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
		if (total < r.amount()) {
			this.events.publishEvent(new QuotaFreed(List.of(r.poolId())));
		}
		return ReservationResponse.of(done, pool.unit(), now);
	}

	/**
	 * Releases a hold under its row's lock: answers a released one again, and refuses
	 * what is not held.
	 */
	@Transactional
	public ReservationResponse release(Caller caller, String id) {
		return end(caller, id, ReservationStatus.RELEASED, EnumSet.of(ReservationStatus.HELD), RELEASED_REASON,
				"to call off a SCHEDULED one, DELETE it");
	}

	/**
	 * Calls off a scheduled reservation before its window begins, or a queued request
	 * before it is granted.
	 */
	@Transactional
	public ReservationResponse cancel(Caller caller, String id) {
		return end(caller, id, ReservationStatus.CANCELLED,
				EnumSet.of(ReservationStatus.SCHEDULED, ReservationStatus.QUEUED), "cancelled before it began",
				"to end a HELD one, release or commit it");
	}

	private ReservationResponse end(Caller caller, String id, ReservationStatus target, Set<ReservationStatus> from,
			String reason, String hint) {
		Ids.requireResourceId("reservationId", id);
		Reservation r = this.store.lock(id).orElseThrow(() -> new UnknownReservation(id));
		caller.requireTeam(r.teamId());
		Pool pool = this.definitions.pool(r.poolId());
		Instant now = this.clock.instant();
		if (r.status() == target) {
			return ReservationResponse.of(r, pool.unit(), now);
		}
		ReservationStatus status = r.statusAt(now);
		if (!from.contains(status)) {
			String allowed = String.join(" or ", from.stream().map(Enum::name).toList());
			throw new Conflict("Reservation '" + id + "' is " + status + "; only a " + allowed + " reservation can be "
					+ target.name().toLowerCase(Locale.ROOT) + ((status.active()) ? " (" + hint + ")" : ""));
		}
		Reservation done = r.to(target, r.consumed(), null, null, reason, now);
		this.store.update(done);
		this.teamEvents.publish(ended(TeamEventType.valueOf(target.name()), done, now));
		if (status == ReservationStatus.QUEUED) {
			this.queue.changed(r.poolId());
		}
		this.metrics.ended(target, 1);
		this.events.publishEvent(new ReservationsChanged(List.of(r.poolId())));
		if (status != ReservationStatus.QUEUED) {
			this.events.publishEvent(new QuotaFreed(List.of(r.poolId())));
		}
		return ReservationResponse.of(done, pool.unit(), now);
	}

	/** What a stream client is told when a reservation ends by a caller's request. */
	static TeamEvent ended(TeamEventType type, Reservation r, Instant now) {
		return new TeamEvent(type, r.teamId(), r.poolId(), r.id(), r.status().name(),
				"Reservation " + r.id() + " was " + r.reason(), now);
	}

}
