package io.github.quotabroker.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database connection (restart, cut session, pool exhausted,
 * deadlock victim) from a bug: the first is answered 503 {@code unavailable}, retryable,
 * because the same request succeeds once PostgreSQL answers again (issue #17).
 */
final class DatabaseOutage {

	/** Bounds the walk down the cause chain, which could in theory loop. */
	private static final int MAX_DEPTH = 16;

	/**
	 * What HikariCP's proxy throws, with no SQL state, when a connection it already
	 * evicted as broken is used again, typically by the rollback after a cut session.
	 */
	private static final String HIKARI_CLOSED = "Connection is closed";

	private DatabaseOutage() {
	}

	static boolean causedBy(Throwable failure) {
		Throwable t = failure;
		for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
					|| t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
					|| t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
					|| t instanceof SQLTransientException) {
				return true;
			}
			if (t instanceof SQLException sql
					&& (unavailableState(sql.getSQLState()) || HIKARI_CLOSED.equals(sql.getMessage()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQL states that say the connection or server went away, or that the transaction
	 * lost a race it may win when retried: class 08 (connection exception), 57P01..57P03
	 * (admin or crash shutdown, cannot connect now), 53300 (too many connections), 40001
	 * (serialization failure) and 40P01 (deadlock).
	 */
	static boolean unavailableState(String state) {
		if (state == null) {
			return false;
		}
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
				|| state.equals("53300") || state.equals("40001") || state.equals("40P01");
	}

}
