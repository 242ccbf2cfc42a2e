package io.github.quotabroker.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhooks} table. */
@Repository
class WebhookStore {

	private static final String COLUMNS = "webhook_key, id, team_id, pool_id, url, events, thresholds, "
			+ "queue_wait_above_s, secret, format, created_at, updated_at";

	private final JdbcClient jdbc;

	WebhookStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The owner's webhook, locked for a change. */
	Optional<Webhook> lock(WebhookOwner owner, String id) {
		return this.jdbc
			.sql("select " + COLUMNS + " from webhooks where " + ownerIs(owner) + " and id = :id for update")
			.param("owner", ownerId(owner))
			.param("id", id)
			.query(WebhookStore::webhook)
			.optional();
	}

	Optional<Webhook> find(WebhookOwner owner, String id) {
		return this.jdbc.sql("select " + COLUMNS + " from webhooks where " + ownerIs(owner) + " and id = :id")
			.param("owner", ownerId(owner))
			.param("id", id)
			.query(WebhookStore::webhook)
			.optional();
	}

	List<Webhook> list(WebhookOwner owner) {
		return this.jdbc.sql("select " + COLUMNS + " from webhooks where " + ownerIs(owner) + " order by id")
			.param("owner", ownerId(owner))
			.query(WebhookStore::webhook)
			.list();
	}

	/** Every webhook, for the per-instance subscription cache. */
	List<Webhook> all() {
		return this.jdbc.sql("select " + COLUMNS + " from webhooks order by webhook_key")
			.query(WebhookStore::webhook)
			.list();
	}

	List<Webhook> byKeys(List<Long> keys) {
		return this.jdbc.sql("select " + COLUMNS + " from webhooks where webhook_key = any(?)")
			.param(keys.toArray(Long[]::new))
			.query(WebhookStore::webhook)
			.list();
	}

	Webhook insert(WebhookOwner owner, String id, WebhookDefinitions.Definition d, Instant now) {
		return this.jdbc.sql("""
				insert into webhooks (id, team_id, pool_id, url, events, thresholds, queue_wait_above_s, secret, format,
				    created_at, updated_at)
				values (?, ?, ?, ?, ?::varchar[], ?::integer[], ?, ?, ?, ?, ?)
				returning""" + " " + COLUMNS)
			.params(id, owner.teamId(), owner.poolId(), d.url(), names(d.events()),
					d.thresholds().toArray(Integer[]::new), d.queueWaitAbove().getSeconds(), d.secret(),
					d.format().name(), utc(now), utc(now))
			.query(WebhookStore::webhook)
			.single();
	}

	Webhook update(long key, WebhookDefinitions.Definition d, String secret, Instant now) {
		return this.jdbc.sql("""
				update webhooks set url = ?, events = ?::varchar[], thresholds = ?::integer[],
				    queue_wait_above_s = ?, secret = ?, format = ?, updated_at = ?
				where webhook_key = ?
				returning""" + " " + COLUMNS)
			.params(d.url(), names(d.events()), d.thresholds().toArray(Integer[]::new), d.queueWaitAbove().getSeconds(),
					secret, d.format().name(), utc(now), key)
			.query(WebhookStore::webhook)
			.single();
	}

	void delete(long key) {
		this.jdbc.sql("delete from webhooks where webhook_key = :key").param("key", key).update();
	}

	private static String ownerIs(WebhookOwner owner) {
		return (owner.teamId() != null) ? "team_id = :owner" : "pool_id = :owner";
	}

	private static String ownerId(WebhookOwner owner) {
		return (owner.teamId() != null) ? owner.teamId() : owner.poolId();
	}

	private static String[] names(Set<NoticeType> events) {
		return events.stream().map(Enum::name).toArray(String[]::new);
	}

	static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Webhook webhook(ResultSet rs, int row) throws SQLException {
		Set<NoticeType> events = EnumSet.noneOf(NoticeType.class);
		for (String name : (String[]) array(rs.getArray("events"))) {
			events.add(NoticeType.valueOf(name));
		}
		List<Integer> thresholds = Arrays.asList((Integer[]) array(rs.getArray("thresholds")));
		return new Webhook(rs.getLong("webhook_key"), rs.getString("id"), rs.getString("team_id"),
				rs.getString("pool_id"), rs.getString("url"), events, List.copyOf(thresholds),
				Duration.ofSeconds(rs.getLong("queue_wait_above_s")), rs.getString("secret"),
				WebhookFormat.valueOf(rs.getString("format")), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Object array(Array array) throws SQLException {
		return array.getArray();
	}

}
