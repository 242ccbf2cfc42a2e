package io.github.quotabroker.reservation;

import java.time.Instant;

import io.github.quotabroker.queue.Priority;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationTest {

	private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

	private static Reservation of(ReservationStatus status, String reason) {
		return new Reservation("r1", "alpha", "session", null, null, Priority.MEDIUM, ReservationKind.HOLD, 10, 0,
				status, T0, T0.plusSeconds(600), null, null, reason, "key", T0, T0, false, 600L, null);
	}

	@Test
	void aQueuedRequestPastItsDeadlineReadsExpiredWithTheSweepersReasonBeforeTheSweep() {
		Reservation queued = of(ReservationStatus.QUEUED, null);
		assertThat(queued.reasonAt(T0.plusSeconds(599))).isNull();
		assertThat(queued.statusAt(T0.plusSeconds(600))).isEqualTo(ReservationStatus.EXPIRED);
		assertThat(queued.reasonAt(T0.plusSeconds(600))).isEqualTo(Reservation.QUEUED_DEADLINE_PASSED);
	}

	@Test
	void aHoldPastItsTimeTakesTheExpiryReasonOverItsGrantReason() {
		Reservation held = of(ReservationStatus.HELD, "granted from the queue");
		assertThat(held.reasonAt(T0.plusSeconds(10))).isEqualTo("granted from the queue");
		assertThat(held.reasonAt(T0.plusSeconds(600))).isEqualTo(Reservation.TIME_RAN_OUT);
		assertThat(of(ReservationStatus.SCHEDULED, null).reasonAt(T0.plusSeconds(600)))
			.isEqualTo(Reservation.WINDOW_ENDED);
	}

	@Test
	void anEndedReservationKeepsItsStoredReason() {
		assertThat(of(ReservationStatus.EXPIRED, "stored").reasonAt(T0.plusSeconds(900))).isEqualTo("stored");
		assertThat(of(ReservationStatus.RELEASED, "released by its agent").reasonAt(T0.plusSeconds(900)))
			.isEqualTo("released by its agent");
	}

}
