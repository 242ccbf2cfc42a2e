package io.github.quotabroker.reservation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.quotabroker.capacity.ActiveHold;
import io.github.quotabroker.capacity.HoldCap;
import io.github.quotabroker.queue.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code reservations} table, in plain SQL: decisions and sweeps are hot paths. */
@Repository
class ReservationStore {

	private static final String COLUMNS = "id, team_id, pool_id, member_id, description, priority, kind, amount, "
			+ "consumed, status, starts_at, expires_at, committed_amount, overrun, reason, created_by, created_at, "
			+ "updated_at, preemptible, ttl_seconds, queued_at";

	/** {@link #COLUMNS} of the table aliased {@code r}. */
	private static final String QUALIFIED_COLUMNS = "r." + COLUMNS.replace(", ", ", r.");

	/** Why a queued request ended when its deadline passed. */

	private final JdbcClient jdbc;

	ReservationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored reservation and the hash of the request that created it. */
	record Stored(Reservation reservation, byte[] requestHash) {
	}

	/**
	 * Inserts the reservations, skipping ids already taken.
	 * @return the ids inserted, each with its arrival number (see {@link #queuedSince})
	 */
	Map<String, Long> insert(List<Reservation> reservations, Map<String, byte[]> hashes) {
		int n = reservations.size();
		if (n == 0) {
			return Map.of();
		}
		String[] ids = new String[n];
		String[] teams = new String[n];
		String[] pools = new String[n];
		String[] members = new String[n];
		String[] descriptions = new String[n];
		String[] priorities = new String[n];
		String[] kinds = new String[n];
		long[] amounts = new long[n];
		String[] statuses = new String[n];
		String[] starts = new String[n];
		String[] expires = new String[n];
		String[] reasons = new String[n];
		String[] requestHashes = new String[n];
		String[] creators = new String[n];
		String[] created = new String[n];
		Boolean[] preemptible = new Boolean[n];
		Long[] ttls = new Long[n];
		String[] queued = new String[n];
		for (int i = 0; i < n; i++) {
			Reservation r = reservations.get(i);
			ids[i] = r.id();
			teams[i] = r.teamId();
			pools[i] = r.poolId();
			members[i] = r.memberId();
			descriptions[i] = r.description();
			priorities[i] = r.priority().name();
			kinds[i] = r.kind().name();
			amounts[i] = r.amount();
			statuses[i] = r.status().name();
			starts[i] = r.startsAt().toString();
			expires[i] = r.expiresAt().toString();
			reasons[i] = r.reason();
			requestHashes[i] = java.util.HexFormat.of().formatHex(hashes.get(r.id()));
			creators[i] = r.createdBy();
			created[i] = r.createdAt().toString();
			preemptible[i] = r.preemptible();
			ttls[i] = r.ttlSeconds();
			queued[i] = (r.queuedAt() != null) ? r.queuedAt().toString() : null;
		}
		Map<String, Long> inserted = new HashMap<>();
		this.jdbc.sql("""
				insert into reservations (id, team_id, pool_id, member_id, description, priority, kind, amount,
				    status, starts_at, expires_at, reason, request_hash, created_by, created_at, updated_at,
				    preemptible, ttl_seconds, queued_at)
				select u.id, u.t, u.p, u.m, u.d, u.pr, u.k, u.a, u.s, u.st::timestamptz, u.ex::timestamptz, u.r,
				    decode(u.h, 'hex'), u.cb, u.c::timestamptz, u.c::timestamptz, u.pe, u.tt, u.q::timestamptz
				from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
				    ?::varchar[], ?::bigint[], ?::varchar[], ?::text[], ?::text[], ?::varchar[], ?::text[],
				    ?::varchar[], ?::text[], ?::boolean[], ?::bigint[], ?::text[])
				    as u(id, t, p, m, d, pr, k, a, s, st, ex, r, h, cb, c, pe, tt, q)
				on conflict (id) do nothing
				returning id, queue_seq
				""")
			.params(ids, teams, pools, members, descriptions, priorities, kinds, amounts, statuses, starts, expires,
					reasons, requestHashes, creators, created, preemptible, ttls, queued)
			.query((rs, i) -> inserted.put(rs.getString(1), rs.getLong(2)))
			.list();
		return inserted;
	}

	Optional<Stored> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + ", request_hash from reservations where id = ?")
			.param(id)
			.query((rs, n) -> new Stored(map(rs), rs.getBytes("request_hash")))
			.optional();
	}

	/** The reservation, locked until the end of the transaction. */
	Optional<Reservation> lock(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from reservations where id = ? for update")
			.param(id)
			.query((rs, n) -> map(rs))
			.optional();
	}

	List<Reservation> ofTeam(String teamId, Set<ReservationStatus> statuses, Instant from, Instant to, int limit,
			Instant now) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from reservations where team_id = ?");
		List<Object> params = new ArrayList<>();
		params.add(teamId);
		if (from != null) {
			// Reservations whose interval reaches into [from, to).
			sql.append(" and expires_at > ?");
			params.add(utc(from));
		}
		if (to != null) {
			sql.append(" and starts_at < ?");
			params.add(utc(to));
		}
		if (statuses != null && !statuses.isEmpty()) {
			// The stored status may lag behind time (the sweeper runs every few seconds).
			// Filter by the status at now, as Reservation.statusAt,
			// so that the limit counts only rows that match.
			sql.append(" and (case when status in ('HELD', 'SCHEDULED', 'QUEUED') and expires_at <= ? then 'EXPIRED'"
					+ " when status = 'SCHEDULED' and starts_at <= ? then 'HELD' else status end) = any(?)");
			params.add(utc(now));
			params.add(utc(now));
			params.add(statuses.stream().map(ReservationStatus::name).toArray(String[]::new));
		}
		sql.append(" order by starts_at, id limit ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs)).list();
	}

	/**
	 * What active reservations of these pools still take, grouped by interval: the input
	 * of every decision. Reservations whose time is up no longer count, whether or not
	 * the sweeper has marked them.
	 */
	Map<String, List<ActiveHold>> active(List<String> poolIds, Instant now) {
		Map<String, List<ActiveHold>> byPool = new HashMap<>();
		// Grouped by whole minutes (start rounded down, end up):
		// a pool with many holds answers a few rows.
		// A reservation's usage counts until a minute boundary anyway,
		// so rounding its end up changes nothing,
		// and rounding a start down only claims less than a minute early.
		this.jdbc.sql("""
				select pool_id, team_id, date_trunc('minute', starts_at) as starts_at,
				       date_trunc('minute', expires_at - interval '1 microsecond') + interval '1 minute' as expires_at,
				       sum(amount - consumed) as held, bool_or(preemptible) as preemptible
				from reservations
				where pool_id = any(?) and status in ('HELD', 'SCHEDULED') and expires_at > ? and amount > consumed
				group by 1, 2, 3, 4
				""")
			.params(poolIds.toArray(String[]::new), utc(now))
			.query((rs, n) -> byPool.computeIfAbsent(rs.getString("pool_id"), (k) -> new ArrayList<>())
				.add(new ActiveHold(rs.getString("team_id"), instant(rs, "starts_at"), instant(rs, "expires_at"),
						rs.getLong("held"), rs.getBoolean("preemptible"))))
			.list();
		return byPool;
	}

	/**
	 * Each team's holds in force now on these pools, and when the first of them ends:
	 * what caps on concurrent holds count (read only for pools where one applies). A hold
	 * counts until it ends, even when its usage has used it up.
	 */
	Map<String, Map<String, HoldCap.Count>> holdsInForce(List<String> poolIds, Instant now) {
		Map<String, Map<String, HoldCap.Count>> byPool = new HashMap<>();
		this.jdbc.sql("""
				select pool_id, team_id, count(*) as holds, min(expires_at) as first_end
				from reservations
				where pool_id = any(?) and status = 'HELD' and kind = 'HOLD' and expires_at > ? and starts_at <= ?
				group by 1, 2
				""")
			.params(poolIds.toArray(String[]::new), utc(now), utc(now))
			.query((rs, n) -> byPool.computeIfAbsent(rs.getString("pool_id"), (k) -> new HashMap<>())
				.put(rs.getString("team_id"), new HoldCap.Count(rs.getInt("holds"), instant(rs, "first_end"))))
			.list();
		return byPool;
	}

	/** Whether the pool has a reservation that still takes quota. */
	boolean anyActive(String poolId, Instant now) {
		return this.jdbc
			.sql("select exists (select 1 from reservations where pool_id = ? and status in ('HELD', 'SCHEDULED') "
					+ "and expires_at > ?)")
			.params(poolId, utc(now))
			.query(Boolean.class)
			.single();
	}

	/** A hold released by {@link #releaseAllIfHeld}, and whether its pool had a queue. */
	record Released(Reservation reservation, boolean queued) {
	}

	/**
	 * A release asked for: the hold, and the team it must belong to ({@code null}: any).
	 */
	record ReleaseAsked(String id, String teamId) {
	}

	/** {@link #releaseAllIfHeld} of one hold. */
	Optional<Released> releaseIfHeld(String id, String teamId, String reason, Instant now) {
		return Optional.ofNullable(releaseAllIfHeld(List.of(new ReleaseAsked(id, teamId)), reason, now).get(id));
	}

	/**
	 * Releases the holds asked for that are held now and belong to the team asked
	 * ({@code null}: any team), in one statement, which also tells whether requests wait
	 * in each one's pool queue (as of the statement's start: a request queued meanwhile
	 * is looked at again by its own decision's recheck). They are asked in id order, so
	 * two such statements usually lock their rows in the same order; PostgreSQL does not
	 * promise it, and the caller goes one by one if this one fails. A hold asked for
	 * twice is released once.
	 * @return the holds released, by id
	 */
	Map<String, Released> releaseAllIfHeld(List<ReleaseAsked> asked, String reason, Instant now) {
		List<ReleaseAsked> sorted = new ArrayList<>(asked);
		sorted.sort(Comparator.comparing(ReleaseAsked::id));
		Map<String, Released> released = new HashMap<>();
		this.jdbc.sql("with released as (update reservations r set status = 'RELEASED', reason = ?, updated_at = ? "
				+ "from unnest(?::varchar[], ?::varchar[]) as a(id, team_id) "
				+ "where r.id = a.id and r.status in ('HELD', 'SCHEDULED') and r.starts_at <= ? and r.expires_at > ? "
				+ "and (a.team_id is null or r.team_id = a.team_id) returning " + QUALIFIED_COLUMNS + ") "
				+ "select released.*, exists (select 1 from reservations q where q.pool_id = released.pool_id "
				+ "and q.status = 'QUEUED') as queued from released")
			.params(reason, utc(now), sorted.stream().map(ReleaseAsked::id).toArray(String[]::new),
					sorted.stream().map(ReleaseAsked::teamId).toArray(String[]::new), utc(now), utc(now))
			.query((rs, n) -> released.put(rs.getString("id"), new Released(map(rs), rs.getBoolean("queued"))))
			.list();
		return released;
	}

	void update(Reservation r) {
		this.jdbc.sql("""
				update reservations set consumed = ?, status = ?, committed_amount = ?, overrun = ?, reason = ?,
				    updated_at = ?, starts_at = ?, expires_at = ?
				where id = ?
				""")
			.params(r.consumed(), r.status().name(), r.committedAmount(), r.overrun(), r.reason(), utc(r.updatedAt()),
					utc(r.startsAt()), utc(r.expiresAt()), r.id())
			.update();
	}

	/**
	 * A pool's queued requests as read, in arrival order, and the arrival number of the
	 * last of them ({@code since} when none).
	 */
	record QueuedRows(List<Reservation> rows, long lastArrival) {
	}

	/**
	 * The queued requests of these pools that arrived after the arrival number given for
	 * their pool (0: all), each pool's in arrival order, read without row locks: the
	 * caller holds the pools' locks, which every grant from a queue and every arrival
	 * takes (so none with a lower number can still appear), and writes back with
	 * {@link #updateIfQueued}.
	 */
	Map<String, QueuedRows> queuedSince(Map<String, Long> since) {
		if (since.isEmpty()) {
			return Map.of();
		}
		Map<String, List<Reservation>> rowsByPool = new HashMap<>();
		Map<String, Long> last = new HashMap<>(since);
		List<String> pools = new ArrayList<>(since.keySet());
		// Deep queues are read at every decision: only what a plan and its writes use.
		// By position, times as epoch microseconds (cheaper than parsing timestamps).
		this.jdbc.sql("""
				select r.id, r.team_id, r.pool_id, r.priority, r.amount, r.preemptible, r.ttl_seconds,
				       (extract(epoch from r.queued_at) * 1000000)::bigint,
				       (extract(epoch from r.expires_at) * 1000000)::bigint,
				       (extract(epoch from r.created_at) * 1000000)::bigint,
				       r.queue_seq
				from unnest(?::varchar[], ?::bigint[]) as k(pool_id, since)
				join reservations r on r.pool_id = k.pool_id and r.status = 'QUEUED' and r.queue_seq > k.since
				order by r.pool_id, r.queued_at, r.id
				""")
			.params(pools.toArray(String[]::new), pools.stream().map(since::get).toArray(Long[]::new))
			.query((rs, n) -> {
				String poolId = rs.getString(3);
				Instant queuedAt = micros(rs.getLong(8));
				Reservation r = new Reservation(rs.getString(1), rs.getString(2), poolId, null, null,
						Priority.valueOf(rs.getString(4)), ReservationKind.HOLD, rs.getLong(5), 0,
						ReservationStatus.QUEUED, queuedAt, micros(rs.getLong(9)), null, null, null, null,
						micros(rs.getLong(10)), null, rs.getBoolean(6), rs.getLong(7), queuedAt);
				last.merge(poolId, rs.getLong(11), Math::max);
				return rowsByPool.computeIfAbsent(poolId, (k) -> new ArrayList<>()).add(r);
			})
			.list();
		Map<String, QueuedRows> byPool = new HashMap<>();
		for (String poolId : pools) {
			byPool.put(poolId, new QueuedRows(rowsByPool.getOrDefault(poolId, List.of()), last.get(poolId)));
		}
		return byPool;
	}

	private static Instant micros(long epochMicros) {
		return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
				Math.floorMod(epochMicros, 1_000_000L) * 1000L);
	}

	/** A pool's queued requests, for reading only. */
	List<Reservation> queuedUnlocked(String poolId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from reservations where pool_id = ? and status = 'QUEUED' "
					+ "order by queued_at, id")
			.param(poolId)
			.query((rs, n) -> map(rs))
			.list();
	}

	/**
	 * Writes queued requests that a decision granted or expired, each only if it is still
	 * queued (a cancel may have ended it meanwhile), in one statement.
	 * @return the ids written
	 */
	Set<String> updateIfQueued(List<Reservation> rows) {
		int n = rows.size();
		if (n == 0) {
			return Set.of();
		}
		String[] ids = new String[n];
		String[] statuses = new String[n];
		String[] reasons = new String[n];
		String[] updated = new String[n];
		String[] starts = new String[n];
		String[] expires = new String[n];
		for (int i = 0; i < n; i++) {
			Reservation r = rows.get(i);
			ids[i] = r.id();
			statuses[i] = r.status().name();
			reasons[i] = r.reason();
			updated[i] = text(r.updatedAt());
			starts[i] = text(r.startsAt());
			expires[i] = text(r.expiresAt());
		}
		return new HashSet<>(this.jdbc.sql("""
				update reservations r set status = u.s, reason = u.r, updated_at = u.up::timestamptz,
				    starts_at = u.st::timestamptz, expires_at = u.ex::timestamptz
				from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], ?::text[])
				    as u(id, s, r, up, st, ex)
				where r.id = u.id and r.status = 'QUEUED'
				returning r.id
				""").params(ids, statuses, reasons, updated, starts, expires).query(String.class).list());
	}

	/** Whether the pool has queued requests. */
	boolean anyQueued(String poolId) {
		return this.jdbc.sql("select exists (select 1 from reservations where pool_id = ? and status = 'QUEUED')")
			.param(poolId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * The pool's active holds one by one, newest first, locked: candidates for
	 * preemption.
	 */
	List<Reservation> heldForPreemption(String poolId, Instant now) {
		return this.jdbc
			.sql("select " + COLUMNS + " from reservations where pool_id = ? and status = 'HELD' "
					+ "and preemptible and starts_at <= ? and expires_at > ? and amount > consumed "
					+ "order by created_at desc, id for update")
			.params(poolId, utc(now), utc(now))
			.query((rs, n) -> map(rs))
			.list();
	}

	/**
	 * Adds usage to the active reservations it was recorded against. Only a reservation
	 * of the event's team and of a pool the event counts against is drawn down.
	 */
	int drawDown(List<String> reservationIds, List<String> teamIds, List<String> poolIds, long[] amounts, Instant now) {
		return this.jdbc.sql("""
				update reservations r set consumed = r.consumed + d.amount, updated_at = ?
				from (select u.r, u.t, u.p, sum(u.a) as amount
				      from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[]) as u(r, t, p, a)
				      group by u.r, u.t, u.p) d
				where r.id = d.r and r.team_id = d.t and r.pool_id = d.p
				  and r.status in ('HELD', 'SCHEDULED') and r.starts_at <= ? and r.expires_at > ?
				""")
			.params(utc(now), reservationIds.toArray(String[]::new), teamIds.toArray(String[]::new),
					poolIds.toArray(String[]::new), amounts, utc(now), utc(now))
			.update();
	}

	/**
	 * Marks due changes of status, claiming rows with {@code SKIP LOCKED} so that
	 * instances sweeping at once never touch the same row: scheduled reservations whose
	 * window began become held, and active ones whose time is up expire.
	 * @return the reservations changed, as they are now
	 */
	List<Reservation> sweep(Instant now, int limit) {
		List<Reservation> changed = new ArrayList<>(this.jdbc
			.sql("""
					update reservations set status = 'EXPIRED', updated_at = ?,
					    reason = case when status = 'SCHEDULED' then '%s'
					                  when status = 'QUEUED' then '%s'
					                  else '%s' end
					where id in (select id from reservations
					             where status in ('HELD', 'SCHEDULED', 'QUEUED') and expires_at <= ?
					             order by expires_at limit ? for update skip locked)
					returning %s
					""".formatted(Reservation.WINDOW_ENDED, Reservation.QUEUED_DEADLINE_PASSED,
					Reservation.TIME_RAN_OUT, COLUMNS))
			.params(utc(now), utc(now), limit)
			.query((rs, n) -> map(rs))
			.list());
		changed.addAll(this.jdbc.sql("""
				update reservations set status = 'HELD', updated_at = ?
				where id in (select id from reservations
				             where status = 'SCHEDULED' and starts_at <= ? and expires_at > ?
				             order by starts_at limit ? for update skip locked)
				returning %s
				""".formatted(COLUMNS)).params(utc(now), utc(now), utc(now), limit).query((rs, n) -> map(rs)).list());
		return changed;
	}

	/**
	 * Deletes up to {@code limit} reservations that ended (none held, scheduled or
	 * queued) and neither changed nor were valid since {@code before}. Rows another
	 * instance is deleting are skipped, so instances never wait for each other here.
	 */
	int deleteEnded(Instant before, int limit) {
		return this.jdbc.sql("""
				delete from reservations
				where id in (select id from reservations
				             where status not in ('HELD', 'SCHEDULED', 'QUEUED') and updated_at < ? and expires_at < ?
				             limit ? for update skip locked)
				""").params(utc(before), utc(before), limit).update();
	}

	/** How many requests wait in each pool's queue; pools without any are absent. */
	Map<String, Long> queuedByPool() {
		Map<String, Long> queued = new HashMap<>();
		this.jdbc.sql("select pool_id, count(*) from reservations where status = 'QUEUED' group by pool_id")
			.query((rs, n) -> queued.put(rs.getString(1), rs.getLong(2)))
			.list();
		return queued;
	}

	/** Unused amounts held per pool now, in base units (for the gauge). */
	Map<String, Long> heldByPool(Instant now) {
		Map<String, Long> held = new HashMap<>();
		this.jdbc.sql("""
				select pool_id, sum(amount - consumed) from reservations
				where status in ('HELD', 'SCHEDULED') and starts_at <= ? and expires_at > ? and amount > consumed
				group by pool_id
				""").params(utc(now), utc(now)).query((rs, n) -> held.put(rs.getString(1), rs.getLong(2))).list();
		return held;
	}

	private static Reservation map(ResultSet rs) throws SQLException {
		long committed = rs.getLong("committed_amount");
		Long committedAmount = rs.wasNull() ? null : committed;
		long overrun = rs.getLong("overrun");
		Long overrunAmount = rs.wasNull() ? null : overrun;
		return new Reservation(rs.getString("id"), rs.getString("team_id"), rs.getString("pool_id"),
				rs.getString("member_id"), rs.getString("description"), Priority.valueOf(rs.getString("priority")),
				ReservationKind.valueOf(rs.getString("kind")), rs.getLong("amount"), rs.getLong("consumed"),
				ReservationStatus.valueOf(rs.getString("status")), instant(rs, "starts_at"), instant(rs, "expires_at"),
				committedAmount, overrunAmount, rs.getString("reason"), rs.getString("created_by"),
				instant(rs, "created_at"), instant(rs, "updated_at"), rs.getBoolean("preemptible"),
				(Long) rs.getObject("ttl_seconds", Long.class), optionalInstant(rs, "queued_at"));
	}

	private static Instant optionalInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
