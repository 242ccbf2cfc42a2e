package io.github.quotabroker.pool;

import io.github.quotabroker.web.Conflict;

/** The pool cannot be deleted or re-united while usage still counts in its window. */
public class PoolInUse extends Conflict {

	public PoolInUse(String detail) {
		super(detail);
	}

}
