package io.github.archfixtures.pure;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Breaks the rule: arithmetic that reads the database itself. */
public class QueriesInArithmetic {

	private final JdbcClient jdbc;

	public QueriesInArithmetic(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long used(String poolId) {
		return this.jdbc.sql("select 1").query(Long.class).single();
	}

}
