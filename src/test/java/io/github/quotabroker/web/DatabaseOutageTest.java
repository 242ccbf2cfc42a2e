package io.github.quotabroker.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

	@Test
	void connectionFailuresAreOutages() {
		assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("gone"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new QueryTimeoutException("slow"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new SQLTransientConnectionException("pool timed out"))).isTrue();
	}

	@Test
	void aConnectionStateDeepInTheCauseChainIsAnOutage() {
		SQLException closed = new SQLException("This connection has been closed.", "08003");
		SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
		assertThat(DatabaseOutage.causedBy(new JpaSystemException(new RuntimeException(closed)))).isTrue();
		assertThat(DatabaseOutage.causedBy(new IllegalStateException(new RuntimeException(shutdown)))).isTrue();
		// HikariCP's evicted proxy, used by the rollback after a cut.
		assertThat(DatabaseOutage.causedBy(new JpaSystemException(
				new RuntimeException("Unable to rollback", new SQLException("Connection is closed")))))
			.isTrue();
	}

	@Test
	void bugsAndBrokenConstraintsAreNotOutages() {
		assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
		assertThat(DatabaseOutage
			.causedBy(new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
			.isFalse();
		assertThat(DatabaseOutage.causedBy(new SQLException("syntax", "42601"))).isFalse();
		assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
	}

	@Test
	void everyServiceUnavailableAnswerSaysRetryAfter() {
		assertThat(Problems.response(ProblemHandler.databaseUnavailable()).getHeaders().getFirst("Retry-After"))
			.isEqualTo("1");
		assertThat(Problems.response(Problems.of(ProblemType.INTERNAL, "bug")).getHeaders().getFirst("Retry-After"))
			.isNull();
	}

}
