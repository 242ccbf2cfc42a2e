package io.github.quotabroker.reservation;

import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Retention of ended reservations (issue #17, growth): a reservation that ended more than
 * {@code quota.retention.reservations} (90 days) ago is deleted; a recent one and one
 * still held (whatever its age: the sweeper ends it first) stay, and the count goes to
 * the deleted-rows metric.
 */
class ReservationRetentionIT extends IntegrationTestBase {

	@Autowired
	ReservationRetention retention;

	@Autowired
	MeterRegistry registry;

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.allocate("session", "platform");
	}

	private String hold(long amount) throws Exception {
		String body = this.api.post("/reservations", """
				{"teamId":"platform","poolId":"session","amount":%d}
				""".formatted(amount)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return JsonPath.read(body, "$.id");
	}

	private double deletedSoFar() {
		return this.registry.get("quota.retention.rows.deleted").tag("table", "reservations").counter().count();
	}

	@Test
	void reservationsThatEndedBeforeTheRetentionAreDeletedAndNothingElse() throws Exception {
		String released = hold(100);
		this.api.post("/reservations/" + released + "/release", "").andExpect(status().isOk());
		String committed = hold(100);
		this.api.post("/reservations/" + committed + "/commit", "{\"amount\":40}").andExpect(status().isOk());
		String stillHeld = hold(100);
		double before = deletedSoFar();

		// 89 days on: nothing is old enough yet.
		this.clock.advance(Duration.ofDays(89));
		assertThat(this.retention.runOnce()).isZero();

		this.clock.advance(Duration.ofDays(2));
		String recent = hold(100);
		this.api.post("/reservations/" + recent + "/release", "").andExpect(status().isOk());

		assertThat(this.retention.runOnce()).isEqualTo(2);
		this.api.get("/reservations/" + released).andExpect(status().isNotFound());
		this.api.get("/reservations/" + committed).andExpect(status().isNotFound());
		this.api.get("/reservations/" + recent).andExpect(jsonPath("$.status").value("RELEASED"));
		// Held when last seen: left for the sweeper, which ends it and so changes it now.
		this.api.get("/reservations/" + stillHeld).andExpect(status().isOk());
		assertThat(deletedSoFar() - before).isEqualTo(2);
		assertThat(this.retention.runOnce()).isZero();
	}

}
