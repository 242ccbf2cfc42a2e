package io.github.quotabroker.support;

import java.util.UUID;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A schema of its own on the tests' database, migrated version by version, for a
 * migration test: write rows at one version, migrate to the next, check them. Close it to
 * drop the schema.
 */
public final class MigrationSchema implements AutoCloseable {

	private final String schema;

	private final SingleConnectionDataSource dataSource;

	private final JdbcClient jdbc;

	/** A new schema named after {@code prefix}, not migrated yet. */
	public MigrationSchema(String prefix) {
		this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		TestDatabase.Connection db = TestDatabase.get();
		this.dataSource = new SingleConnectionDataSource(db.url(), db.username(), db.password(), true);
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	/** SQL on this schema (after the first {@link #migrate}). */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * Migrates the schema up to version {@code target} with the application's migrations.
	 */
	public void migrate(String target) {
		// Only this schema on the path: Flyway keeps the connection's path after its
		// schema, and V16's partition function (until V21 replaced it) looked partitions
		// up by bare name, so the application context's own partitions in public would
		// hide missing ones here.
		this.jdbc.sql("set search_path to " + this.schema).update();
		Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(this.schema)
			.locations("classpath:db/migration")
			.target(target)
			.load()
			.migrate();
		this.jdbc.sql("set search_path to " + this.schema).update();
	}

	/** Team {@code platform} (UTC), with the columns every version has. */
	public void platformTeam() {
		this.jdbc
			.sql("insert into teams (id, name, timezone, created_at, updated_at) "
					+ "values ('platform', 'Platform', 'UTC', now(), now())")
			.update();
	}

	/**
	 * Pool {@code session} (100 messages, rolling 5 h), with the columns every version
	 * has.
	 */
	public void sessionPool() {
		this.jdbc.sql("""
				insert into pools (id, name, unit, limit_amount, window_type, rolling_seconds, models, created_at,
				                   updated_at)
				values ('session', 'Session', 'MESSAGES', 100, 'ROLLING', 18000, '{claude-*}', now(), now())
				""").update();
	}

	/** The ledger's rows in one string, to compare before and after a migration. */
	public String ledgerDigest() {
		return this.jdbc.sql("""
				select count(*) || ' ' || sum(messages) || ' ' || max(id) || ' ' || count(workflow_id) || ' '
				       || md5(string_agg(id || event_id || occurred_at::text || encode(content_hash, 'hex')
				                         || array_to_string(counted_amounts, ','), '|' order by id))
				from usage_events
				""").query(String.class).single();
	}

	@Override
	public void close() {
		this.jdbc.sql("drop schema " + this.schema + " cascade").update();
		this.dataSource.destroy();
	}

}
