package io.github.quotabroker.team;

import io.github.quotabroker.web.NotFound;

/** The team is not allocated to the pool. */
public class UnknownAllocation extends NotFound {

	public UnknownAllocation(String poolId, String teamId) {
		super("Team '" + teamId + "' has no allocation in pool '" + poolId + "'");
	}

}
