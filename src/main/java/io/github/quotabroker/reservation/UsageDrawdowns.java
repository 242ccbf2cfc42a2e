package io.github.quotabroker.reservation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.usage.UsageAgainstReservations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Draws reservations down by the usage recorded against them. */
@Component
class UsageDrawdowns {

	private final ReservationStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UsageDrawdowns(ReservationStore store, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.events = events;
		this.clock = clock;
	}

	/** Runs in the transaction that records the usage. */
	@EventListener
	void usageAgainstReservations(UsageAgainstReservations event) {
		int n = event.drawdowns().size();
		List<String> ids = new ArrayList<>(n);
		List<String> teamIds = new ArrayList<>(n);
		List<String> poolIds = new ArrayList<>(n);
		long[] amounts = new long[n];
		for (int i = 0; i < n; i++) {
			UsageAgainstReservations.Drawdown d = event.drawdowns().get(i);
			ids.add(d.reservationId());
			teamIds.add(d.teamId());
			poolIds.add(d.poolId());
			amounts[i] = d.amount();
		}
		if (this.store.drawDown(ids, teamIds, poolIds, amounts, this.clock.instant()) > 0) {
			this.events.publishEvent(new ReservationsChanged(poolIds.stream().distinct().toList()));
		}
	}

}
