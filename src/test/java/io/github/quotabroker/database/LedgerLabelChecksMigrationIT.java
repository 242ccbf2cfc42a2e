package io.github.quotabroker.database;

import java.util.List;

import io.github.quotabroker.support.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code V20__ledger_label_checks.sql} against a ledger written before it (#16): migrates
 * a schema of its own to V19, records events over five months as ingest does (id claimed,
 * then the ledger row), then migrates to V20. Every row is kept, the rewritten label
 * checks accept and refuse what the old ones did, and partitions created afterwards get
 * them too.
 */
class LedgerLabelChecksMigrationIT {

	private final MigrationSchema schema = new MigrationSchema("v20_check");

	private final JdbcClient jdbc = this.schema.jdbc();

	@BeforeEach
	void migrateToV19AndWriteALedger() {
		this.schema.migrate("19");
		this.schema.platformTeam();
		// One event every 3 hours over five months, some with workflow labels.
		this.jdbc
			.sql("""
					with claimed as (
					    insert into usage_event_ids (event_id, occurred_at)
					    select 'e' || i, now() - interval '5 months' + i * interval '3 hours' from generate_series(0, 1200) i
					    returning event_id, occurred_at
					)
					insert into usage_events (event_id, team_id, model, occurred_at, received_at, input_tokens,
					    output_tokens, cache_read_tokens, cache_creation_tokens, messages, kind, content_hash,
					    counted_pools, counted_amounts, workflow_id)
					select event_id, 'platform', 'claude-sonnet-4', occurred_at, now(), 7, 1, 0, 0, 1, 'INTERACTIVE',
					       sha256(event_id::bytea), '{session}', '{8}',
					       case when right(event_id, 1) = '0' then 'run-' || length(event_id) end
					from claimed
					""")
			.update();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	@Test
	void everyRowIsKeptAndEveryPartitionHasTheNewChecks() {
		String before = this.schema.ledgerDigest();

		this.schema.migrate("20");

		assertThat(this.schema.ledgerDigest()).isEqualTo(before);
		assertThat(this.jdbc.sql("select count(*) from usage_event_ids").query(Long.class).single()).isEqualTo(1201);
		assertThat(checksOfEveryPartition()).isEqualTo(1);
	}

	/**
	 * How many different definitions of the two label checks the ledger's partitions
	 * have, after asserting that they are the unbounded ones.
	 */
	private long checksOfEveryPartition() {
		List<String> definitions = this.jdbc.sql("""
				select distinct string_agg(pg_get_constraintdef(c.oid), ' | ' order by c.conname)
				from pg_inherits p join pg_constraint c on c.conrelid = p.inhrelid
				where p.inhparent = 'usage_events'::regclass
				  and c.conname in ('ck_usage_events_workflow_id', 'ck_usage_events_task_type')
				group by p.inhrelid
				""").query(String.class).list();
		assertThat(definitions).allSatisfy((d) -> assertThat(d).doesNotContain("{0,199}").contains("length("));
		return definitions.size();
	}

	@Test
	void theLabelChecksAcceptAndRefuseWhatTheyDidBefore() {
		List<String> labels = List.of("run-1", "a", "A9._:@/+=-z", "x".repeat(200), "-run", ".a", "a b", "run#1", "é",
				"", "x".repeat(199) + "!");
		List<Boolean> before = labels.stream().map(this::accepted).toList();

		this.schema.migrate("20");

		assertThat(labels.stream().map(this::accepted).toList()).isEqualTo(before)
			.containsExactly(true, true, true, true, false, false, false, false, false, false, false);
	}

	/** Whether the ledger takes an event with this workflow label and task type. */
	private boolean accepted(String label) {
		try {
			// In a transaction of its own, rolled back: the ledger is append-only.
			this.jdbc.sql("begin").update();
			this.jdbc
				.sql("""
						insert into usage_events (event_id, team_id, model, occurred_at, received_at, input_tokens,
						    output_tokens, cache_read_tokens, cache_creation_tokens, messages, kind, content_hash,
						    counted_pools, counted_amounts, workflow_id, task_type)
						values ('label', 'platform', 'm', now(), now(), 1, 1, 0, 0, 1, 'INTERACTIVE', '\\x00', '{}', '{}', ?, ?)
						""")
				.params(label, label)
				.update();
			return true;
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return false;
		}
		finally {
			this.jdbc.sql("rollback").update();
		}
	}

	@Test
	void partitionsCreatedLaterGetTheNewChecks() {
		this.schema.migrate("20");

		this.jdbc.sql("select usage_events_create_partitions(now() + interval '6 months', now() + interval '7 months')")
			.query(Integer.class)
			.single();

		assertThat(checksOfEveryPartition()).isEqualTo(1);
	}

}
