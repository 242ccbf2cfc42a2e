package io.github.quotabroker.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.capacity.QuotaFreed;
import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.queue.QueueMetrics;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStore;
import io.github.quotabroker.reservation.ReservationDecisions.Outcome;
import io.github.quotabroker.reservation.ReservationDecisions.Waiter;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The last steps of a decision batch: what it decided over its pools, written in one
 * statement per kind, then answered to the waiting requests and announced to the other
 * capabilities.
 */
@Component
class DecisionWrites {

	private final ReservationStore store;

	private final QueueStore queueStore;

	private final ApplicationEventPublisher events;

	private final ReservationMetrics metrics;

	private final TeamEvents teamEvents;

	private final QueueMetrics queueMetrics;

	DecisionWrites(ReservationStore store, QueueStore queueStore, ApplicationEventPublisher events,
			ReservationMetrics metrics, TeamEvents teamEvents, QueueMetrics queueMetrics) {
		this.store = store;
		this.queueStore = queueStore;
		this.events = events;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.queueMetrics = queueMetrics;
	}

	/** What the decision of a batch collects over its pools, written at the end. */
	static final class Decisions {

		final Writes writes = new Writes();

		final Map<Waiter, Outcome> outcomes = new HashMap<>();

		final Map<Waiter, Reservation> granted = new LinkedHashMap<>();

		final List<TeamEvent> announce = new ArrayList<>();

		/** Wake-up times to set ({@code null}: clear), by pool. */
		final Map<String, Instant> wakeAt = new HashMap<>();

		/** Per pool, the (team|PRIORITY) served in order while its queue waited. */
		final Map<String, Set<String>> served = new HashMap<>();

	}

	/** Rows a decision writes, in one statement each at the end. */
	static final class Writes {

		final List<Reservation> inserts = new ArrayList<>();

		final Map<String, byte[]> hashes = new HashMap<>();

		/** Queued rows granted or expired: written only if still queued. */
		final List<Reservation> updates = new ArrayList<>();

		final Set<String> updated = new HashSet<>();

		/** Held rows (locked by the plan) that were preempted. */
		final List<Reservation> preemptions = new ArrayList<>();

		final Map<String, QueuePlanner.Waiting> positions = new HashMap<>();

		void insert(Reservation r, byte[] hash) {
			this.inserts.add(r);
			this.hashes.put(r.id(), hash);
		}

		void update(Reservation r) {
			this.updates.add(r);
			this.updated.add(r.id());
		}

	}

	/**
	 * What the write step stored: ids inserted (a taken id is not) with their arrival
	 * numbers, queued rows updated (one a cancel ended meanwhile is not), and the queued
	 * requests granted.
	 */
	record Written(Map<String, Long> inserted, Set<String> updated, int grantedFromQueue) {
	}

	Written write(Decisions d, Instant now) {
		this.queueStore.wakeAt(d.wakeAt);
		this.queueStore.granted(d.served, now);
		Map<String, Long> inserted = this.store.insert(d.writes.inserts, d.writes.hashes);
		Set<String> updated = this.store.updateIfQueued(d.writes.updates);
		d.writes.preemptions.forEach(this.store::update);
		if (!d.writes.preemptions.isEmpty()) {
			this.metrics.ended(ReservationStatus.PREEMPTED, d.writes.preemptions.size());
		}
		int grantedFromQueue = 0;
		for (Reservation r : d.writes.updates) {
			if (!updated.contains(r.id())) {
				continue;
			}
			if (r.status() == ReservationStatus.HELD) {
				grantedFromQueue++;
				this.queueMetrics.waited(r.poolId(), Duration.between(r.queuedAt(), now));
			}
			else {
				this.metrics.ended(r.status(), 1);
			}
		}
		return new Written(inserted, updated, grantedFromQueue);
	}

	/** Answers the batch's requests and tells the other capabilities what changed. */
	Map<Waiter, Outcome> answer(Decisions d, Written written, Map<Waiter, Outcome> outcomes) {
		Set<String> changed = new HashSet<>();
		List<String> lost = new ArrayList<>();
		for (Reservation r : d.writes.updates) {
			if (written.updated().contains(r.id())) {
				changed.add(r.poolId());
			}
			else {
				// Cancelled meanwhile: what this plan gave it is free again.
				lost.add(r.poolId());
			}
		}
		d.granted.forEach((w, r) -> {
			QueuePlanner.Waiting waiting = d.writes.positions.get(r.id());
			Reservation stored = written.inserted().containsKey(r.id()) ? r : null;
			if (stored != null) {
				changed.add(r.poolId());
			}
			outcomes.put(w,
					(waiting != null) ? new Outcome(stored, null, waiting.position(), waiting.estimatedGrantAt())
							: new Outcome(stored, null));
		});
		outcomes.putAll(d.outcomes);
		d.writes.preemptions.forEach((r) -> changed.add(r.poolId()));
		if (!changed.isEmpty()) {
			this.events.publishEvent(new ReservationsChanged(List.copyOf(changed)));
		}
		if (!lost.isEmpty()) {
			this.events.publishEvent(new QuotaFreed(lost.stream().distinct().toList()));
		}
		// An update a cancel beat was not made: nothing to announce for it.
		this.teamEvents.publishAll(d.announce.stream()
			.filter((e) -> !(d.writes.updated.contains(e.reservationId())
					&& !written.updated().contains(e.reservationId())))
			.toList());
		return outcomes;
	}

}
