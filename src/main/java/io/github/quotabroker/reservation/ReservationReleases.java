package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.Unavailable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Releases holds, many in one statement: releases that arrive while the release lanes are
 * busy are done together (see {@link Combiner}). What is not the common case (already
 * released, not held, another team's, unknown) goes to {@link ReservationEndings}.
 */
@Component
class ReservationReleases {

	private static final Logger log = LoggerFactory.getLogger(ReservationReleases.class);

	private final ReservationStore store;

	private final ReservationEndings endings;

	private final DecisionDefinitions definitions;

	private final ApplicationEventPublisher events;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final Clock clock;

	/** Releases waiting, done together in one statement. */
	private final Combiner<ReservationStore.ReleaseAsked, ReservationStore.Released> lanes;

	ReservationReleases(ReservationStore store, ReservationEndings endings, DecisionDefinitions definitions,
			ApplicationEventPublisher events, ReservationProperties properties, ReservationMetrics metrics,
			TeamEvents teamEvents, Clock clock) {
		this.store = store;
		this.endings = endings;
		this.definitions = definitions;
		this.events = events;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.clock = clock;
		this.lanes = new Combiner<>("reservation-releases", properties.decisionLanes(), properties.maxDecisionBatch(),
				this::releaseBatch, () -> new Unavailable("The hold could not be released just now; retrying is safe"));
	}

	/** Stops the release lanes (after the web server stopped taking requests). */
	@PreDestroy
	void stopLanes() {
		this.lanes.close();
	}

	/**
	 * Gives back what a hold has not used; usage already recorded against it stays.
	 * Releasing a released hold answers it again.
	 */
	ReservationResponse release(Caller caller, String id) {
		Ids.requireResourceId("reservationId", id);
		// The common case in one statement shared with whatever other releases wait.
		ReservationStore.Released released = this.lanes.submit(new ReservationStore.ReleaseAsked(id,
				caller.isAdmin() ? null : Objects.requireNonNullElse(caller.teamId(), "")));
		if (released != null) {
			Reservation done = released.reservation();
			return ReservationResponse.of(done, this.definitions.pool(done.poolId()).unit(), this.clock.instant());
		}
		return this.endings.release(caller, id);
	}

	/**
	 * Releases what waits in one statement; a hold that is not released is answered
	 * {@code null}.
	 */
	private void releaseBatch(List<Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released>> slots) {
		this.metrics.releaseBatch(slots.size());
		Instant now = this.clock.instant();
		Map<String, ReservationStore.Released> released = new HashMap<>();
		try {
			released.putAll(this.store.releaseAllIfHeld(slots.stream().map(Combiner.Slot::input).toList(),
					ReservationEndings.RELEASED_REASON, now));
		}
		catch (DataAccessException ex) {
			if (slots.size() == 1) {
				throw ex;
			}
			// E.g. a deadlock with another instance's batch over the same holds.
			// The statement changed nothing, so each goes on its own.
			log.debug("Releasing {} holds in one statement failed; releasing them one by one", slots.size(), ex);
			releaseOneByOne(slots, now, released);
		}
		for (Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released> slot : slots) {
			ReservationStore.Released r = released.get(slot.input().id());
			boolean theirs = r != null
					&& (slot.input().teamId() == null || slot.input().teamId().equals(r.reservation().teamId()));
			slot.answer(theirs ? r : null);
		}
		if (!released.isEmpty()) {
			announce(released.values(), now);
		}
	}

	private void releaseOneByOne(List<Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released>> slots,
			Instant now, Map<String, ReservationStore.Released> released) {
		for (Combiner.Slot<ReservationStore.ReleaseAsked, ReservationStore.Released> slot : slots) {
			ReservationStore.ReleaseAsked asked = slot.input();
			try {
				this.store.releaseIfHeld(asked.id(), asked.teamId(), ReservationEndings.RELEASED_REASON, now)
					.ifPresent((r) -> released.put(asked.id(), r));
			}
			catch (RuntimeException single) {
				slot.fail(single);
			}
		}
	}

	/** Counts the releases, tells stream clients, and frees the quota for queues. */
	private void announce(Collection<ReservationStore.Released> released, Instant now) {
		this.metrics.ended(ReservationStatus.RELEASED, released.size());
		this.teamEvents.publishAll(released.stream()
			.map((r) -> ReservationEndings.ended(TeamEventType.RELEASED, r.reservation(), now))
			.toList());
		this.events.publishEvent(
				new ReservationsChanged(released.stream().map((r) -> r.reservation().poolId()).distinct().toList()));
		List<String> queued = released.stream()
			.filter(ReservationStore.Released::queued)
			.map((r) -> r.reservation().poolId())
			.distinct()
			.toList();
		if (!queued.isEmpty()) {
			this.events.publishEvent(new QuotaFreed(queued));
		}
	}

}
