package io.github.quotabroker.reservation;

import io.github.quotabroker.web.NotFound;

/** No reservation has this id. */
public class UnknownReservation extends NotFound {

	public UnknownReservation(String id) {
		super("Reservation '" + id + "' does not exist");
	}

}
