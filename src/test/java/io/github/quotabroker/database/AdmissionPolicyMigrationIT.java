package io.github.quotabroker.database;

import java.util.Map;

import io.github.quotabroker.support.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code V4__admission_policy.sql} against rows written before it: migrates a schema of
 * its own to V3, writes a pool and a team, then migrates to V4.
 */
class AdmissionPolicyMigrationIT {

	private final MigrationSchema schema = new MigrationSchema("v4_check");

	private final JdbcClient jdbc = this.schema.jdbc();

	@BeforeEach
	void migrateToV3AndWriteRows() {
		this.schema.migrate("3");
		this.schema.sessionPool();
		this.schema.platformTeam();
	}

	@AfterEach
	void dropTheSchema() {
		this.schema.close();
	}

	@Test
	void existingPoolsAndTeamsTakeTheDefaultPolicy() {
		this.schema.migrate("4");

		Map<String, Object> pool = this.jdbc
			.sql("select safety_buffer_percent, automation_cap_percent, low_deferred_below_percent, "
					+ "medium_deferred_below_percent, high_deferred_below_percent from pools where id = 'session'")
			.query()
			.singleRow();
		assertThat(pool).containsEntry("safety_buffer_percent", 10)
			.containsEntry("automation_cap_percent", 90)
			.containsEntry("low_deferred_below_percent", 40)
			.containsEntry("medium_deferred_below_percent", 20)
			.containsEntry("high_deferred_below_percent", 10);
		assertThat(this.jdbc.sql("select automation_cap_percent from teams where id = 'platform'")
			.query(Integer.class)
			.single()).isEqualTo(90);
	}

	@Test
	void theDatabaseRefusesWhatThePolicyRecordRefuses() {
		this.schema.migrate("4");

		for (String broken : new String[] { "safety_buffer_percent = 51", "safety_buffer_percent = -1",
				"automation_cap_percent = 0", "automation_cap_percent = 101", "high_deferred_below_percent = -1",
				"low_deferred_below_percent = 101", "medium_deferred_below_percent = 50",
				"high_deferred_below_percent = 30" }) {
			assertThatExceptionOfType(DataIntegrityViolationException.class).as(broken)
				.isThrownBy(() -> this.jdbc.sql("update pools set " + broken).update());
		}
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("update teams set automation_cap_percent = 0").update())
			.withMessageContaining("ck_teams_automation_cap");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("update teams set automation_cap_percent = 101").update());
		assertThat(this.jdbc.sql("update pools set safety_buffer_percent = 50, automation_cap_percent = 100, "
				+ "low_deferred_below_percent = 100, medium_deferred_below_percent = 0, high_deferred_below_percent = 0")
			.update()).isEqualTo(1);
	}

}
