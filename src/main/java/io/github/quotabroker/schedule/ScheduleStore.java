package io.github.quotabroker.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code schedules} table: each schedule's answer as JSON. */
@Repository
class ScheduleStore {

	private final JdbcClient jdbc;

	ScheduleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String teamId, String body, Instant createdAt) {
		this.jdbc
			.sql("insert into schedules (id, team_id, body, created_at) values (:id, :team, cast(:body as jsonb), :at)")
			.param("id", id)
			.param("team", teamId)
			.param("body", body)
			.param("at", Timestamp.from(createdAt))
			.update();
	}

	Optional<String> find(String teamId, String id) {
		return this.jdbc.sql("select body::text from schedules where team_id = :team and id = :id")
			.param("team", teamId)
			.param("id", id)
			.query(String.class)
			.optional();
	}

	/** The deleted schedule's body, if there was one. */
	Optional<String> delete(String teamId, String id) {
		return this.jdbc.sql("delete from schedules where team_id = :team and id = :id returning body::text")
			.param("team", teamId)
			.param("id", id)
			.query(String.class)
			.optional();
	}

}
