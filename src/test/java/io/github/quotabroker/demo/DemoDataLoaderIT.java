package io.github.quotabroker.demo;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.IntegrationTest;
import io.github.quotabroker.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo profile loads its data when the application is ready, so this class never
 * cleans the database once its context has started; it empties it only before, of what
 * other test classes may have left.
 */
@IntegrationTest
@ActiveProfiles("demo")
class DemoDataLoaderIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	DemoDataLoader loader;

	@Autowired
	JdbcClient jdbc;

	Api api;

	/** Runs before this class's own context (and so the demo load) starts. */
	@BeforeAll
	static void emptyDatabaseBeforeTheDemoLoads() {
		TestDatabase.Connection db = TestDatabase.get();
		new DatabaseCleaner(JdbcClient.create(new DriverManagerDataSource(db.url(), db.username(), db.password())))
			.clean();
	}

	@BeforeEach
	void setUp() {
		this.api = new Api(this.mvc);
	}

	@Test
	void definesTheSubscriptionAndTheTeams() throws Exception {
		this.api.get("/pools")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id")
				.value(hasItems("claude-max-5h", "claude-max-weekly", "claude-max-weekly-opus")));
		this.api.get("/teams")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id").value(hasItems("mobile", "platform", "research")));
		this.api.get("/pools/claude-max-weekly/allocations")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].teamId").value(hasItems("mobile", "platform", "research")));
	}

	@Test
	void recordsAWeekOfUsageOfEveryKind() {
		long events = this.jdbc.sql("select count(*) from usage_events").query(Long.class).single();
		assertThat(events).isGreaterThan(5_000);
		assertThat(this.jdbc.sql("select count(distinct team_id) from usage_events").query(Long.class).single())
			.isEqualTo(3);
		assertThat(
				this.jdbc.sql("select count(*) from usage_events where kind = 'AUTOMATED'").query(Long.class).single())
			.isPositive();
		assertThat(this.jdbc.sql("select count(distinct model) from usage_events").query(Long.class).single())
			.isEqualTo(3);
	}

	@Test
	void loadingAgainChangesNothing() {
		long before = this.jdbc.sql("select count(*) from usage_events").query(Long.class).single();
		assertThat(this.loader.load()).isZero();
		assertThat(this.jdbc.sql("select count(*) from usage_events").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void everyTeamHasAPlausibleAvailability() throws Exception {
		for (String team : new String[] { "platform", "research", "mobile" }) {
			this.api.get("/teams/" + team + "/availability")
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.pools.length()").value(3))
				.andExpect(jsonPath("$.pools[*].teamUsed").value(everyItem(greaterThan(0))))
				.andExpect(jsonPath("$.pools[*].percentUsed")
					.value(everyItem(allOf(greaterThanOrEqualTo(20.0), lessThan(90.0)))));
		}
	}

}
