package io.github.quotabroker.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What integration tests share: MockMvc (as admin by default), the movable clock set back
 * to {@link TestBeans#START}, and every table emptied before each test (this runs before
 * a subclass's own {@code @BeforeEach}). Extend {@link IntegrationTestBase} or
 * {@link HttpIntegrationTestBase}.
 */
public abstract class DatabaseTestBase {

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected DatabaseCleaner cleaner;

	@Autowired
	protected JdbcClient jdbc;

	protected Api api;

	protected Ledger ledger;

	@BeforeEach
	void startFromAnEmptyDatabaseAtTheStartInstant() {
		this.cleaner.clean();
		this.clock.set(TestBeans.START);
		this.api = new Api(this.mvc);
		this.ledger = new Ledger(this.jdbc);
	}

}
