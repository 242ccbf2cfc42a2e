package io.github.quotabroker.queue;

/** How urgent a piece of work is; conservation tiers defer the lower ones first. */
public enum Priority {

	CRITICAL, HIGH, MEDIUM, LOW

}
