package io.github.quotabroker.database;

import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warning follows the server's own autovacuum setting. */
@ExtendWith(OutputCaptureExtension.class)
class AutovacuumCheckIT extends IntegrationTestBase {

	@Autowired
	AutovacuumCheck check;

	@Test
	void warnsExactlyWhenTheServerRunsWithAutovacuumOff(CapturedOutput output) {
		boolean off = "off".equals(this.jdbc.sql("show autovacuum").query(String.class).single());

		this.check.check();

		assertThat(this.check.autovacuumOff()).isEqualTo(off);
		assertThat(output.getOut().contains("PostgreSQL runs with autovacuum off")).isEqualTo(off);
	}

}
