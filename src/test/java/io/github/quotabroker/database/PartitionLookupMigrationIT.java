package io.github.quotabroker.database;

import java.util.UUID;

import io.github.quotabroker.support.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code V21__partition_lookup_in_own_schema.sql}: the ledger's partition function must
 * not take another schema's partition of the same name for its own. A decoy schema later
 * on the search path holds {@code usage_events_y2030m01}; asked for January 2030, the
 * function before V21 found the decoy and created nothing, after it creates the schema's
 * own partition and an event of that month is accepted.
 */
class PartitionLookupMigrationIT {

	private final MigrationSchema schema = new MigrationSchema("v21_lookup");

	private final JdbcClient jdbc = this.schema.jdbc();

	private final String decoy = "v21_decoy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	@AfterEach
	void dropTheSchemas() {
		this.jdbc.sql("drop schema if exists " + this.decoy + " cascade").update();
		this.schema.close();
	}

	@Test
	void beforeV21AnotherSchemasPartitionHidesTheMissingOne() {
		this.schema.migrate("20");

		assertThat(createJanuary2030WithTheDecoyOnThePath()).isZero();
		assertThat(ownPartitionExists()).isFalse();
	}

	@Test
	void afterV21TheSchemasOwnPartitionIsCreatedAndTakesEvents() {
		this.schema.migrate("21");

		assertThat(createJanuary2030WithTheDecoyOnThePath()).isEqualTo(1);
		assertThat(ownPartitionExists()).isTrue();
		this.schema.platformTeam();
		this.jdbc.sql("""
				insert into usage_events (event_id, team_id, model, occurred_at, received_at, input_tokens,
				    output_tokens, cache_read_tokens, cache_creation_tokens, messages, kind, content_hash,
				    counted_pools, counted_amounts)
				values ('jan-2030', 'platform', 'm', '2030-01-15T12:00:00Z', now(), 1, 1, 0, 0, 1, 'INTERACTIVE',
				        '\\x00', '{}', '{}')
				""").update();
		assertThat(this.jdbc.sql("select count(*) from usage_events_y2030m01").query(Long.class).single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from " + this.decoy + ".usage_events_y2030m01")
			.query(Long.class)
			.single()).isZero();
		// Asked again: nothing more to create.
		assertThat(createJanuary2030WithTheDecoyOnThePath()).isZero();
	}

	/** What the function created for January 2030, with the decoy after the schema. */
	private int createJanuary2030WithTheDecoyOnThePath() {
		String own = this.jdbc.sql("select current_schema()").query(String.class).single();
		this.jdbc.sql("create schema if not exists " + this.decoy).update();
		this.jdbc.sql("create table if not exists " + this.decoy + ".usage_events_y2030m01 (id bigint)").update();
		this.jdbc.sql("set search_path to " + own + ", " + this.decoy).update();
		try {
			return this.jdbc
				.sql("select usage_events_create_partitions('2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z')")
				.query(Integer.class)
				.single();
		}
		finally {
			this.jdbc.sql("set search_path to " + own).update();
		}
	}

	private boolean ownPartitionExists() {
		return this.jdbc.sql("""
				select exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
				               join pg_namespace n on n.oid = c.relnamespace
				               where i.inhparent = 'usage_events'::regclass and c.relname = 'usage_events_y2030m01'
				                 and n.nspname = current_schema())
				""").query(Boolean.class).single();
	}

}
