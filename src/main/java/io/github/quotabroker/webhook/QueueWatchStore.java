package io.github.quotabroker.webhook;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code webhook_queue_watches}: queued requests watched for a webhook's queue-wait
 * bound.
 */
@Repository
class QueueWatchStore {

	private final JdbcClient jdbc;

	QueueWatchStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A request queued at {@code queuedAt}, watched for a webhook until {@code dueAt}.
	 */
	record Watch(long webhookKey, String reservationId, String teamId, String poolId, Instant queuedAt, Instant dueAt) {
	}

	void watch(List<Watch> watches) {
		if (watches.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into webhook_queue_watches (webhook_key, reservation_id, team_id, pool_id, queued_at, due_at)
				select k, r, t, p, q::timestamptz, d::timestamptz
				from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[])
				    as u(k, r, t, p, q, d)
				where exists (select 1 from webhooks w where w.webhook_key = u.k)
				on conflict (webhook_key, reservation_id) do nothing
				""")
			.params(watches.stream().map(Watch::webhookKey).toArray(Long[]::new),
					watches.stream().map(Watch::reservationId).toArray(String[]::new),
					watches.stream().map(Watch::teamId).toArray(String[]::new),
					watches.stream().map(Watch::poolId).toArray(String[]::new),
					watches.stream().map((w) -> w.queuedAt().toString()).toArray(String[]::new),
					watches.stream().map((w) -> w.dueAt().toString()).toArray(String[]::new))
			.update();
	}

	void deleteOf(long webhookKey) {
		this.jdbc.sql("delete from webhook_queue_watches where webhook_key = ?").param(webhookKey).update();
	}

	/** The requests left their queue (granted, cancelled, expired): nothing to watch. */
	void forget(List<String> reservationIds) {
		if (reservationIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("delete from webhook_queue_watches where reservation_id = any(?)")
			.param(reservationIds.toArray(String[]::new))
			.update();
	}

	/**
	 * Takes up to {@code limit} watches due by {@code now} (skipping those another
	 * instance is taking), in the caller's transaction: they are deleted as they are
	 * turned into deliveries.
	 */
	List<Watch> takeDue(Instant now, int limit) {
		return this.jdbc.sql("""
				delete from webhook_queue_watches w
				where (w.webhook_key, w.reservation_id) in (
				    select webhook_key, reservation_id from webhook_queue_watches
				    where due_at <= ? order by due_at limit ? for update skip locked)
				returning w.webhook_key, w.reservation_id, w.team_id, w.pool_id, w.queued_at, w.due_at
				""")
			.params(WebhookStore.utc(now), limit)
			.query((rs, row) -> new Watch(rs.getLong("webhook_key"), rs.getString("reservation_id"),
					rs.getString("team_id"), rs.getString("pool_id"), WebhookStore.instant(rs, "queued_at"),
					WebhookStore.instant(rs, "due_at")))
			.list();
	}

}
