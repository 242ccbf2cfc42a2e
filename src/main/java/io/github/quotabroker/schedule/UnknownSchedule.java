package io.github.quotabroker.schedule;

import io.github.quotabroker.web.NotFound;

/** The team has no schedule with this id. */
public class UnknownSchedule extends NotFound {

	public UnknownSchedule(String teamId, String id) {
		super("Team '" + teamId + "' has no schedule '" + id + "'");
	}

}
