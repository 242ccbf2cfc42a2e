package io.github.quotabroker.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox, {@code webhook_deliveries}: rows written with the facts that caused them,
 * claimed by one instance at a time under a lease, and marked with their outcome.
 */
@Repository
class DeliveryStore {

	private static final String COLUMNS = "id, webhook_key, event_id, event_type, body, status, attempts, "
			+ "next_attempt_at, last_status, last_error, created_at, delivered_at";

	private final JdbcClient jdbc;

	DeliveryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An outbox row to write: the body is already in the webhook's format. */
	record Pending(long webhookKey, String eventId, NoticeType type, String body) {
	}

	/**
	 * Writes the rows in the caller's transaction, due at once; a row whose webhook
	 * already has that event id is skipped (the event was recorded before).
	 * @return how many rows were new
	 */
	int add(List<Pending> rows, Instant now) {
		if (rows.isEmpty()) {
			return 0;
		}
		return this.jdbc
			.sql("""
					insert into webhook_deliveries (webhook_key, event_id, event_type, body, status, next_attempt_at, created_at)
					select k, e, t, b, 'PENDING', ?, ?
					from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::text[]) as u(k, e, t, b)
					where exists (select 1 from webhooks w where w.webhook_key = u.k)
					on conflict (webhook_key, event_id) do nothing
					""")
			.params(WebhookStore.utc(now), WebhookStore.utc(now),
					rows.stream().map(Pending::webhookKey).toArray(Long[]::new),
					rows.stream().map(Pending::eventId).toArray(String[]::new),
					rows.stream().map((r) -> r.type().name()).toArray(String[]::new),
					rows.stream().map(Pending::body).toArray(String[]::new))
			.update();
	}

	/** A row claimed for delivery, with what is needed to send it. */
	record Claimed(long id, long webhookKey, String eventId, NoticeType type, String body, int attempt, UUID claim) {
	}

	/**
	 * Claims up to {@code limit} due rows for this caller until {@code now + lease}: rows
	 * another instance holds (a row lock, or an unexpired lease) are skipped, and a lease
	 * that ran out (its instance died or hung) may be claimed again. The claim counts as
	 * an attempt. Runs in its own short transaction: the row lock is only held while
	 * claiming, the lease for the delivery.
	 */
	List<Claimed> claim(Instant now, Duration lease, int limit) {
		UUID claim = UUID.randomUUID();
		return this.jdbc.sql("""
				with due as (
				    select id from webhook_deliveries
				    where status = 'PENDING' and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)
				    order by next_attempt_at, id
				    limit ?
				    for update skip locked)
				update webhook_deliveries d
				set lease_until = ?, claim = ?, attempts = d.attempts + 1
				from due where d.id = due.id
				returning d.id, d.webhook_key, d.event_id, d.event_type, d.body, d.attempts
				""")
			.params(WebhookStore.utc(now), WebhookStore.utc(now), limit, WebhookStore.utc(now.plus(lease)), claim)
			.query((rs, row) -> new Claimed(rs.getLong("id"), rs.getLong("webhook_key"), rs.getString("event_id"),
					NoticeType.valueOf(rs.getString("event_type")), rs.getString("body"), rs.getInt("attempts"), claim))
			.list();
	}

	/**
	 * Marks a claimed row delivered, if the claim is still this one (a row whose lease
	 * ran out and was claimed again is left to its new claimant).
	 */
	boolean delivered(Claimed c, int status, Instant now) {
		return this.jdbc.sql("""
				update webhook_deliveries
				set status = 'DELIVERED', delivered_at = ?, last_status = ?, last_error = null, lease_until = null
				where id = ? and claim = ? and status = 'PENDING'
				""").params(WebhookStore.utc(now), status, c.id(), c.claim()).update() == 1;
	}

	/**
	 * Records a failed attempt: tried again at {@code retryAt}, or given up
	 * ({@code FAILED}) when {@code retryAt} is {@code null}.
	 */
	boolean failed(Claimed c, Integer status, String error, Instant retryAt) {
		String cut = (error != null && error.length() > 500) ? error.substring(0, 500) : error;
		return this.jdbc.sql("""
				update webhook_deliveries
				set status = ?, last_status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
				    lease_until = null
				where id = ? and claim = ? and status = 'PENDING'
				""")
			.params((retryAt != null) ? "PENDING" : "FAILED", status, cut, WebhookStore.utc(retryAt), c.id(), c.claim())
			.update() == 1;
	}

	/** The webhook's latest deliveries, newest first. */
	List<Delivery> latest(long webhookKey, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from webhook_deliveries where webhook_key = ? order by id desc limit ?")
			.params(webhookKey, limit)
			.query(DeliveryStore::delivery)
			.list();
	}

	/** Drops the deliveries of a webhook being deleted, in its transaction. */
	void deleteOf(long webhookKey) {
		this.jdbc.sql("delete from webhook_deliveries where webhook_key = ?").param(webhookKey).update();
	}

	/**
	 * Drops a claimed row whose webhook no longer exists (its team or pool was deleted).
	 */
	void dropOrphan(Claimed c) {
		this.jdbc.sql("delete from webhook_deliveries where id = ? and claim = ?").params(c.id(), c.claim()).update();
	}

	/** Rows still to deliver, in all webhooks. */
	long pending() {
		return this.jdbc.sql("select count(*) from webhook_deliveries where status = 'PENDING'")
			.query(Long.class)
			.single();
	}

	private static Delivery delivery(ResultSet rs, int row) throws SQLException {
		Integer lastStatus = rs.getObject("last_status", Integer.class);
		return new Delivery(rs.getLong("id"), rs.getLong("webhook_key"), rs.getString("event_id"),
				NoticeType.valueOf(rs.getString("event_type")), rs.getString("body"), rs.getString("status"),
				rs.getInt("attempts"), WebhookStore.instant(rs, "next_attempt_at"), lastStatus,
				rs.getString("last_error"), WebhookStore.instant(rs, "created_at"),
				WebhookStore.instant(rs, "delivered_at"));
	}

}
