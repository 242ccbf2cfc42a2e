package io.github.quotabroker.queue;

import java.util.Map;

/**
 * What the queue asks of whoever grants reservations: the queue decides when to look at a
 * pool and in what order its requests come; granting them, under the pool's lock, is the
 * reservation package's.
 */
public interface QueueGrants {

	/** Whether requests wait in the pool's queue (read without locks). */
	boolean hasQueue(String poolId);

	/**
	 * Grants what a pool's queue can have now and expires what waited past its deadline;
	 * waits for the pool's lock.
	 * @return the requests granted
	 */
	int dispatch(String poolId);

	/**
	 * Dispatches the queues that are due, skipping pools another transaction has locked.
	 * @return the requests granted
	 */
	int dispatchDue(int limit);

	/**
	 * The pool's queue in the order it would be granted, with each request's position and
	 * estimated grant (read without locks: advice, not a decision).
	 */
	PoolQueue<?> queue(String poolId, int limit);

	/**
	 * How many requests wait in each pool's queue (read without locks); pools where none
	 * waits may be absent.
	 */
	Map<String, Long> waitingByPool();

}
