package io.github.quotabroker.admission;

/** The answer to "may I start this task?". */
public enum Decision {

	/** Start now. */
	ADMIT,

	/** Not now; {@code retryAt} says when it would be admitted. */
	DEFER,

	/** Never, as the pool is configured: the task is larger than the pool allows. */
	DENY

}
