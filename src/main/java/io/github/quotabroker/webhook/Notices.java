package io.github.quotabroker.webhook;

import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.webhook.DeliveryStore.Pending;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook capability's public face for other capabilities: record a {@link Notice} in
 * the transaction of the fact it reports, and every webhook subscribed to it gets a row
 * in the outbox, delivered after commit by whichever instance claims it. Nothing is
 * written, and nothing read from the database, when no webhook wants the notice.
 *
 * <p>
 * For the forecast capability (issue #12): when it finds that a pool or a team will run
 * out before the window resets, or detects an anomaly, it calls {@link #record} with
 * {@link NoticeType#FORECAST_EXHAUSTION_BEFORE_RESET} or {@link NoticeType#ANOMALY} and a
 * {@code subject} that names the occurrence (pool, team and window start for an
 * exhaustion; pool, team and hour for an anomaly), so that a repeated finding is one
 * event. An event record published by that capability (such as
 * {@code forecast.AnomalyDetected}) is turned into a notice by a listener in this
 * package.
 */
@Service
public class Notices {

	private final Subscriptions subscriptions;

	private final DeliveryStore deliveries;

	private final JsonMapper json;

	private final java.time.Clock clock;

	Notices(Subscriptions subscriptions, DeliveryStore deliveries, JsonMapper json, java.time.Clock clock) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.json = json;
		this.clock = clock;
	}

	/** Whether any webhook would be told about {@code type} for the team in the pool. */
	public boolean wanted(NoticeType type, String teamId, String poolId) {
		return !this.subscriptions.current().wanting(type, teamId, poolId).isEmpty();
	}

	/**
	 * Writes the notice to the outbox of every webhook subscribed to it (the pool's, the
	 * team's, and for a fact about a whole pool those of the teams allocated it), in the
	 * caller's transaction. A notice recorded before for a webhook (same type and
	 * subject) is not written again.
	 * @return the outbox rows written
	 */
	@Transactional
	public int record(Notice notice) {
		return record(List.of(notice));
	}

	/** As {@link #record(Notice)} for several notices, in one statement. */
	@Transactional
	public int record(List<Notice> notices) {
		Subscriptions.Snapshot snapshot = this.subscriptions.current();
		if (snapshot.isEmpty()) {
			return 0;
		}
		List<Pending> rows = new ArrayList<>();
		for (Notice notice : notices) {
			for (Webhook webhook : snapshot.wanting(notice.type(), notice.teamId(), notice.poolId())) {
				rows.add(pending(webhook, notice));
			}
		}
		return this.deliveries.add(rows, this.clock.instant());
	}

	/** Writes notices to given webhooks, in the caller's transaction. */
	int recordFor(List<Webhook> webhooks, Notice notice) {
		return this.deliveries.add(webhooks.stream().map((w) -> pending(w, notice)).toList(), this.clock.instant());
	}

	Pending pending(Webhook webhook, Notice notice) {
		return new Pending(webhook.key(), notice.eventId(), notice.type(),
				NoticeBodies.body(this.json, notice, webhook));
	}

	Subscriptions.Snapshot subscriptions() {
		return this.subscriptions.current();
	}

}
