package io.github.quotabroker.support;

import org.springframework.dao.PessimisticLockingFailureException;
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
		if (tables.isEmpty()) {
			return;
		}
		// The applications' background work (queue polls, expiry sweeps) locks tables in
		// another order than one truncate of them all; PostgreSQL then ends one of the
		// two.
		for (int attempt = 1;; attempt++) {
			try {
				this.jdbc.sql("truncate " + tables + " restart identity cascade").update();
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

}
