package io.github.quotabroker.database;

import java.util.List;

import io.github.quotabroker.support.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code V16__usage_ledger_partitions.sql} against a ledger written before it (#17):
 * migrates a schema of its own to V15, writes events over fourteen months, then migrates
 * to V16. Every row is kept, in the partition of its month, ids stay unique across
 * months, and new rows get ids after the old ones.
 */
class LedgerPartitionMigrationIT {

	private final MigrationSchema schema = new MigrationSchema("v16_check");

	private final JdbcClient jdbc = this.schema.jdbc();

	@BeforeEach
	void migrateToV15AndWriteALedger() {
		this.schema.migrate("15");
		this.schema.platformTeam();
		// One event every 7 hours from 14 months ago to now, some with workflow labels.
		this.jdbc.sql("""
				insert into usage_events (event_id, team_id, model, occurred_at, received_at, input_tokens,
				    output_tokens, cache_read_tokens, cache_creation_tokens, messages, kind, content_hash,
				    counted_pools, counted_amounts, workflow_id)
				select 'e' || i, 'platform', 'claude-sonnet-4', now() - interval '14 months' + i * interval '7 hours',
				       now(), i, 1, 0, 0, 1 + i % 3, 'INTERACTIVE', sha256(('e' || i)::bytea), '{session}',
				       array[1 + i % 3], case when i % 10 = 0 then 'run-' || (i / 100) end
				from generate_series(0, 1460) i
				""").update();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	@Test
	void everyRowIsKeptInThePartitionOfItsMonth() {
		String before = this.schema.ledgerDigest();

		this.schema.migrate("16");

		assertThat(this.schema.ledgerDigest()).isEqualTo(before);
		assertThat(this.jdbc
			.sql("select relkind::text from pg_class where relname = 'usage_events' "
					+ "and relnamespace = current_schema()::regnamespace")
			.query(String.class)
			.single()).isEqualTo("p");
		// Each row lies in the month its partition is named for.
		assertThat(this.jdbc
			.sql("""
					select count(*) from usage_events
					where tableoid::regclass::text <> 'usage_events_' || to_char(occurred_at at time zone 'UTC', '"y"YYYY"m"MM')
					""")
			.query(Long.class)
			.single()).isZero();
		// Fifteen months with rows, and three ahead.
		assertThat(this.jdbc.sql("select count(*) from pg_inherits where inhparent = 'usage_events'::regclass")
			.query(Long.class)
			.single()).isGreaterThanOrEqualTo(18);
		assertThat(this.jdbc.sql("select count(*) from usage_event_ids").query(Long.class).single()).isEqualTo(1461);
	}

	@Test
	void eventIdsStayUniqueAcrossMonthsAndTheLedgerAppendOnly() {
		this.schema.migrate("16");

		// The same id in another month: the id table refuses it, where a unique key
		// per partition would not.
		List<String> claimed = this.jdbc.sql("""
				insert into usage_event_ids (event_id, occurred_at) values ('e5', now() - interval '1 day')
				on conflict (event_id) do nothing returning event_id
				""").query(String.class).list();
		assertThat(claimed).isEmpty();
		assertThatThrownBy(() -> this.jdbc.sql("update usage_events set messages = 9 where event_id = 'e5'").update())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> this.jdbc.sql("delete from usage_events where event_id = 'e5'").update())
			.hasMessageContaining("append-only");
		long newId = this.jdbc.sql("""
				insert into usage_events (event_id, team_id, model, occurred_at, received_at, input_tokens,
				    output_tokens, cache_read_tokens, cache_creation_tokens, messages, kind, content_hash,
				    counted_pools, counted_amounts)
				values ('new', 'platform', 'm', now(), now(), 1, 1, 0, 0, 1, 'INTERACTIVE', '\\x00', '{}', '{}')
				returning id
				""").query(Long.class).single();
		assertThat(newId).isEqualTo(1462);
	}

}
