package io.github.quotabroker.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.queue.QueueGrants;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Queued requests are read without row locks; a cancel that commits between a plan's read
 * and its write keeps the request cancelled, and the grant is not made.
 */
class QueuedGrantRaceIT extends IntegrationTestBase {

	@Autowired
	ReservationStore store;

	@Autowired
	ReservationService reservations;

	@Autowired
	QueueGrants queue;

	@Test
	void aCancelThatCommitsBeforeTheGrantIsWrittenWins() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.post("/reservations", "{\"teamId\":\"alpha\",\"poolId\":\"session\",\"amount\":100}")
			.andExpect(status().isCreated());
		String first = queued();
		String second = queued();
		// The plan's read...
		List<Reservation> read = new java.util.ArrayList<>(
				this.store.queuedSince(java.util.Map.of("session", 0L)).get("session").rows());
		// Both arrived at the same instant of the test clock: put them in the test's
		// order.
		read.sort(java.util.Comparator.comparing((r) -> !r.id().equals(first)));
		assertThat(read).extracting(Reservation::id).containsExactly(first, second);
		// ...a cancel commits...
		this.api.delete("/reservations/" + first).andExpect(status().isOk());
		// ...and the plan writes what it decided for both.
		Instant now = this.clock.instant();
		assertThat(this.store.updateIfQueued(List.of(read.get(0).grantedAt(now, "granted"),
				read.get(1).to(ReservationStatus.EXPIRED, 0, null, null, "its deadline passed", now))))
			.containsExactly(second);
		assertThat(this.jdbc.sql("select id, status from reservations where queued_at is not null order by id")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getString(2))
			.list()).containsExactlyInAnyOrder(first + "=CANCELLED", second + "=EXPIRED");
	}

	@Test
	void aReleaseThatMissedARequestQueuedMeanwhileIsMadeUpForByTheRecheck() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		String blocking = JsonPath
			.read(this.api.post("/reservations", "{\"teamId\":\"alpha\",\"poolId\":\"session\",\"amount\":100}")
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString(), "$.id");
		String waiting = queued();
		// The release as it runs when its statement began before the request was queued:
		// it saw no queue, so nothing dispatches after it.
		assertThat(this.store.releaseIfHeld(blocking, null, "released", this.clock.instant())).isPresent();
		assertThat(this.queue.dispatchDue(10)).isZero();
		assertThat(statusOf(waiting)).isEqualTo("QUEUED");
		// The decision that queued it asked to be looked at again within the recheck.
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.queue.dispatchDue(10)).isEqualTo(1);
		assertThat(statusOf(waiting)).isEqualTo("HELD");
	}

	private String statusOf(String id) throws Exception {
		return JsonPath.read(this.api.get("/reservations/" + id).andReturn().getResponse().getContentAsString(),
				"$.status");
	}

	private String queued() throws Exception {
		return JsonPath.read(this.api
			.post("/reservations", "{\"teamId\":\"alpha\",\"poolId\":\"session\",\"amount\":10,\"queue\":true}")
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
	}

}
