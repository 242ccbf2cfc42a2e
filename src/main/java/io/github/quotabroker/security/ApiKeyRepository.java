package io.github.quotabroker.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.github.quotabroker.web.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} table, read on every authenticated request by secret hash. */
@Repository
class ApiKeyRepository {

	private static final String COLUMNS = "id, name, role, team_id, secret_hash, created_at, created_by, expires_at, revoked_at, last_used_at";

	private final JdbcClient jdbc;

	ApiKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Stored(ApiKey key, byte[] secretHash) {
	}

	void insert(ApiKey key, byte[] secretHash) {
		this.jdbc.sql("insert into api_keys (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, null, null)")
			.params(key.id(), key.name(), key.role().name(), key.teamId(), secretHash, utc(key.createdAt()),
					key.createdBy(), utc(key.expiresAt()))
			.update();
	}

	Optional<Stored> findBySecretHash(byte[] hash) {
		return this.jdbc.sql("select " + COLUMNS + " from api_keys where secret_hash = ?")
			.param(hash)
			.query((rs, n) -> new Stored(map(rs), rs.getBytes("secret_hash")))
			.optional();
	}

	Optional<ApiKey> findById(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from api_keys where id = ?")
			.param(id)
			.query((rs, n) -> map(rs))
			.optional();
	}

	List<ApiKey> findAll(String teamId) {
		String where = (teamId != null) ? " where team_id = ?" : "";
		var spec = this.jdbc.sql("select " + COLUMNS + " from api_keys" + where + " order by created_at, id");
		if (teamId != null) {
			spec = spec.param(teamId);
		}
		return spec.query((rs, n) -> map(rs)).list();
	}

	boolean revoke(String id, Instant at) {
		return this.jdbc.sql("update api_keys set revoked_at = ? where id = ? and revoked_at is null")
			.params(utc(at), id)
			.update() == 1;
	}

	/** Records use, at most once per {@code resolution}, so that reads stay reads. */
	void touch(String id, Instant at, java.time.Duration resolution) {
		this.jdbc
			.sql("update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
			.params(utc(at), id, utc(at.minus(resolution)))
			.update();
	}

	long activeAdmins(Instant now) {
		return this.jdbc
			.sql("select count(*) from api_keys where role = 'ADMIN' and revoked_at is null "
					+ "and (expires_at is null or expires_at > ?)")
			.param(utc(now))
			.query(Long.class)
			.single();
	}

	/** Serialises bootstrapping across instances starting at once. */
	void lockBootstrap() {
		this.jdbc.sql("select pg_advisory_xact_lock(7272001)").query((rs, n) -> null).list();
	}

	private static ApiKey map(ResultSet rs) throws SQLException {
		return new ApiKey(rs.getString("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
				rs.getString("team_id"), instant(rs, "created_at"), rs.getString("created_by"),
				instant(rs, "expires_at"), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
