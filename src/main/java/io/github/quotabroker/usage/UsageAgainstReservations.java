package io.github.quotabroker.usage;

import java.util.List;

/**
 * Published inside the transaction that records usage carrying reservation ids, before it
 * commits: a listener that draws the reservations down in the same transaction keeps the
 * ledger and the holds consistent (the usage counted once, either held or used).
 */
public record UsageAgainstReservations(List<Drawdown> drawdowns) {

	/** Usage of one event in one pool, recorded against a reservation. */
	public record Drawdown(String reservationId, String teamId, String poolId, long amount) {
	}

}
