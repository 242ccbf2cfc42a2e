package io.github.quotabroker.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The queue's own tables, in plain SQL: each pool's queue stamp ({@code queue_versions}),
 * when teams were last served in order ({@code queue_service}) and when a queue must next
 * be looked at ({@code queue_wakeups}). The queued requests themselves are reservations.
 */
@Repository
public class QueueStore {

	private final JdbcClient jdbc;

	QueueStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The stamps of these pools' queues; a pool without one is absent. */
	public Map<String, QueueStamp> queueVersions(List<String> poolIds) {
		Map<String, QueueStamp> versions = new HashMap<>();
		this.jdbc.sql("select pool_id, version, removals from queue_versions where pool_id = any(?)")
			.param(poolIds.toArray(String[]::new))
			.query((rs, n) -> versions.put(rs.getString(1), new QueueStamp(rs.getLong(2), rs.getLong(3))))
			.list();
		return versions;
	}

	/**
	 * A queue's new stamp, to be set only if its version is still {@code expected};
	 * {@code removed}: requests left it, so its removal stamp moves too.
	 */
	public record Replacement(long expected, long next, boolean removed) {
	}

	/**
	 * Gives these pools' queues new stamps, each only if its version is still the one
	 * expected.
	 * @return the pools whose version was the one expected (and is now the new one)
	 */
	public Set<String> replaceQueueVersions(Map<String, Replacement> replacements) {
		if (replacements.isEmpty()) {
			return Set.of();
		}
		List<String> pools = new ArrayList<>(replacements.keySet());
		Long[] expected = new Long[pools.size()];
		Long[] next = new Long[pools.size()];
		Boolean[] removed = new Boolean[pools.size()];
		for (int i = 0; i < pools.size(); i++) {
			Replacement r = replacements.get(pools.get(i));
			expected[i] = r.expected();
			next[i] = r.next();
			removed[i] = r.removed();
		}
		return new HashSet<>(this.jdbc.sql("""
				update queue_versions q set version = u.n, removals = case when u.rm then u.n else q.removals end
				from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::boolean[]) as u(p, e, n, rm)
				where q.pool_id = u.p and q.version = u.e
				returning q.pool_id
				""").params(pools.toArray(String[]::new), expected, next, removed).query(String.class).list());
	}

	/**
	 * Gives these pools' queues new stamps, whatever they were, the removal stamp
	 * included. Callers hold a lock on the pool or on one of its reservations, so the
	 * pool cannot be deleted meanwhile.
	 */
	public void bumpQueueVersions(Collection<String> poolIds) {
		if (poolIds.isEmpty()) {
			return;
		}
		List<String> pools = new ArrayList<>(new TreeSet<>(poolIds));
		Long[] versions = new Long[pools.size()];
		for (int i = 0; i < versions.length; i++) {
			versions[i] = QueueStamps.next();
		}
		// A new row's removal stamp is random too: a pool deleted and created again
		// never matches what an instance knew of the old one.
		this.jdbc.sql("""
				insert into queue_versions (pool_id, version, removals)
				select p, v, v from unnest(?::varchar[], ?::bigint[]) as u(p, v)
				on conflict (pool_id) do update set version = excluded.version, removals = excluded.removals
				""").params(pools.toArray(String[]::new), versions).update();
	}

	/**
	 * When each team last had a hold of each priority granted in the pool
	 * ("team|PRIORITY").
	 */
	public Map<String, Instant> lastGrants(String poolId) {
		Map<String, Instant> last = new HashMap<>();
		this.jdbc.sql("select team_id, priority, last_grant_at from queue_service where pool_id = ?")
			.param(poolId)
			.query((rs, n) -> last.put(rs.getString(1) + "|" + rs.getString(2), instant(rs, "last_grant_at")))
			.list();
		return last;
	}

	/**
	 * Records, per pool, the grants made while its queue waited ("team|PRIORITY") at
	 * {@code at}.
	 */
	public void granted(Map<String, Set<String>> teamPrioritiesByPool, Instant at) {
		if (teamPrioritiesByPool.isEmpty()) {
			return;
		}
		List<String> pools = new ArrayList<>();
		List<String> teams = new ArrayList<>();
		List<String> priorities = new ArrayList<>();
		teamPrioritiesByPool.forEach((poolId, teamPriorities) -> teamPriorities.forEach((tp) -> {
			int bar = tp.lastIndexOf('|');
			pools.add(poolId);
			teams.add(tp.substring(0, bar));
			priorities.add(tp.substring(bar + 1));
		}));
		this.jdbc.sql("""
				insert into queue_service (pool_id, team_id, priority, last_grant_at)
				select pl, t, p, ? from unnest(?::varchar[], ?::varchar[], ?::varchar[]) as u(pl, t, p)
				on conflict (pool_id, team_id, priority) do update set last_grant_at = excluded.last_grant_at
				""")
			.params(utc(at), pools.toArray(String[]::new), teams.toArray(String[]::new),
					priorities.toArray(String[]::new))
			.update();
	}

	/**
	 * Sets when pools' queues must next be looked at ({@code null}: not until something
	 * frees quota).
	 */
	public void wakeAt(Map<String, Instant> wakeAtByPool) {
		List<String> clear = new ArrayList<>();
		List<String> pools = new ArrayList<>();
		List<String> times = new ArrayList<>();
		wakeAtByPool.forEach((poolId, at) -> {
			if (at == null) {
				clear.add(poolId);
			}
			else {
				pools.add(poolId);
				times.add(text(at));
			}
		});
		if (!clear.isEmpty()) {
			this.jdbc.sql("delete from queue_wakeups where pool_id = any(?)")
				.param(clear.toArray(String[]::new))
				.update();
		}
		if (!pools.isEmpty()) {
			this.jdbc.sql("""
					insert into queue_wakeups (pool_id, wake_at)
					select p, w::timestamptz from unnest(?::varchar[], ?::text[]) as u(p, w)
					on conflict (pool_id) do update set wake_at = excluded.wake_at
					""").params(pools.toArray(String[]::new), times.toArray(String[]::new)).update();
		}
	}

	/**
	 * Pools whose queue is due, claimed with {@code SKIP LOCKED} so that each is taken by
	 * one instance; the claim lasts until the caller's transaction ends.
	 */
	public List<String> dueQueues(Instant now, int limit) {
		return this.jdbc.sql("""
				select pool_id from queue_wakeups where wake_at <= ?
				order by wake_at limit ? for update skip locked
				""").params(utc(now), limit).query(String.class).list();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
