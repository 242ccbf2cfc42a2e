package io.github.quotabroker.pool;

import io.github.quotabroker.web.NotFound;

/** No pool has this id. */
public class UnknownPool extends NotFound {

	public UnknownPool(String poolId) {
		super("Pool '" + poolId + "' does not exist");
	}

}
