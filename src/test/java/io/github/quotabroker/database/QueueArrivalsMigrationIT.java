package io.github.quotabroker.database;

import java.util.List;

import io.github.quotabroker.support.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code V19__queue_arrivals.sql} against rows written before it: queued requests are
 * numbered in their arrival order, later rows continue the numbers, and existing queue
 * stamps keep their version.
 */
class QueueArrivalsMigrationIT {

	private final MigrationSchema schema = new MigrationSchema("v19_check");

	private final JdbcClient jdbc = this.schema.jdbc();

	@BeforeEach
	void migrateToV18AndQueueRequests() {
		this.schema.migrate("18");
		this.schema.sessionPool();
		this.schema.platformTeam();
		// Inserted out of their arrival order; one is held, not queued.
		insert("res-late", "QUEUED", "2026-12-01T10:05:00Z");
		insert("res-held", "HELD", null);
		insert("res-early", "QUEUED", "2026-12-01T10:01:00Z");
		this.jdbc.sql("insert into queue_versions (pool_id, version) values ('session', 42)").update();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	@Test
	void queuedRequestsAreNumberedInArrivalOrderAndNewRowsContinue() {
		this.schema.migrate("19");

		assertThat(this.jdbc.sql("select id from reservations where queue_seq is not null order by queue_seq")
			.query(String.class)
			.list()).containsExactly("res-early", "res-late");
		assertThat(
				this.jdbc.sql("select queue_seq from reservations where id = 'res-held'").query(Long.class).optional())
			.isEmpty();
		insert("res-new", "QUEUED", "2026-12-01T09:00:00Z");
		List<String> order = this.jdbc.sql("select id from reservations where queue_seq is not null order by queue_seq")
			.query(String.class)
			.list();
		assertThat(order).containsExactly("res-early", "res-late", "res-new");
		assertThat(this.jdbc.sql("select version, removals from queue_versions where pool_id = 'session'")
			.query((rs, n) -> rs.getLong(1) + "/" + rs.getLong(2))
			.single()).isEqualTo("42/0");
	}

	private void insert(String id, String status, String queuedAt) {
		this.jdbc.sql("""
				insert into reservations (id, team_id, pool_id, priority, kind, amount, status, starts_at, expires_at,
				    request_hash, created_at, updated_at, ttl_seconds, queued_at)
				values (?, 'platform', 'session', 'MEDIUM', 'HOLD', 10, ?, now(), now() + interval '1 hour',
				    '\\x00', now(), now(), 600, ?::timestamptz)
				""").params(id, status, queuedAt).update();
	}

}
