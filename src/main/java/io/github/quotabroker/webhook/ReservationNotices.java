package io.github.quotabroker.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEventsPublished;
import io.github.quotabroker.webhook.QueueWatchStore.Watch;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the team events of reservations into notices, in the transaction that decided
 * them (the decision batch, the expiry sweep): a granted, preempted or expired
 * reservation is announced if and only if its change commits. A request that is queued is
 * watched for the queue-wait bound of the webhooks that want it, and forgotten when it
 * leaves the queue.
 */
@Component
class ReservationNotices {

	private final Notices notices;

	private final QueueWatchStore watches;

	ReservationNotices(Notices notices, QueueWatchStore watches) {
		this.notices = notices;
		this.watches = watches;
	}

	@EventListener
	void on(TeamEventsPublished published) {
		Subscriptions.Snapshot snapshot = this.notices.subscriptions();
		if (snapshot.isEmpty()) {
			return;
		}
		List<Notice> notices = new ArrayList<>();
		List<Watch> watch = new ArrayList<>();
		List<String> leftQueue = new ArrayList<>();
		for (TeamEvent event : published.events()) {
			if (event.reservationId() == null) {
				continue;
			}
			NoticeType type = switch (event.type()) {
				case GRANTED -> NoticeType.RESERVATION_GRANTED;
				case PREEMPTED -> NoticeType.RESERVATION_PREEMPTED;
				case EXPIRED -> NoticeType.RESERVATION_EXPIRED;
				default -> null;
			};
			boolean watchedQueue = !snapshot.wanting(NoticeType.QUEUE_WAIT_EXCEEDED, event.teamId(), event.poolId())
				.isEmpty();
			if (event.type() == TeamEventType.QUEUED) {
				for (Webhook w : snapshot.wanting(NoticeType.QUEUE_WAIT_EXCEEDED, event.teamId(), event.poolId())) {
					watch.add(new Watch(w.key(), event.reservationId(), event.teamId(), event.poolId(), event.at(),
							event.at().plus(w.queueWaitAbove())));
				}
			}
			else if (watchedQueue) {
				leftQueue.add(event.reservationId());
			}
			if (type != null && !snapshot.wanting(type, event.teamId(), event.poolId()).isEmpty()) {
				notices.add(reservation(type, event));
			}
		}
		this.watches.forget(leftQueue);
		this.watches.watch(watch);
		if (!notices.isEmpty()) {
			this.notices.record(notices);
		}
	}

	static Notice reservation(NoticeType type, TeamEvent event) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reservationId", event.reservationId());
		if (event.status() != null) {
			details.put("status", event.status());
		}
		String message = (event.message() != null) ? event.message()
				: "Reservation " + event.reservationId() + ": " + type.name();
		return new Notice(type, event.teamId(), event.poolId(), event.reservationId() + "/" + event.status(),
				"Team " + event.teamId() + ": " + message, event.at(), details);
	}

}
