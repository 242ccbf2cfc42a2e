package io.github.quotabroker.usage;

import java.util.List;

/**
 * What became of one event: newly {@code RECORDED} or an acknowledged {@code DUPLICATE}
 * of an event already in the ledger, and the pools it counts against (empty when its
 * model matches no pool: it is still in the ledger).
 */
public record EventOutcome(String eventId, Status status, List<String> countedAgainst) {

	public enum Status {

		RECORDED, DUPLICATE

	}

}
