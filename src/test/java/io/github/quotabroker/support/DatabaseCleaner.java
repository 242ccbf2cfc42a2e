package io.github.quotabroker.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties every table the application owns (Flyway's history stays). */
public class DatabaseCleaner {

	private final JdbcClient jdbc;

	public DatabaseCleaner(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void clean() {
		String tables = String.join(", ", this.jdbc.sql(
				"select tablename from pg_tables where schemaname = current_schema() and tablename <> 'flyway_schema_history'")
			.query(String.class)
			.list());
		if (!tables.isEmpty()) {
			this.jdbc.sql("truncate " + tables + " restart identity cascade").update();
		}
	}

}
