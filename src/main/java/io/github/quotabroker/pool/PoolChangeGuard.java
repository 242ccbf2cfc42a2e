package io.github.quotabroker.pool;

/**
 * Lets capabilities that build on pools refuse a change of a pool that would break what
 * they promised (guarantees above a lowered limit), without the pool capability depending
 * on them.
 */
public interface PoolChangeGuard {

	/**
	 * Throws an {@link io.github.quotabroker.web.ApiException} if {@code before} may not
	 * become {@code after}. Runs with the pool's row locked.
	 */
	void check(Pool before, Pool after);

}
