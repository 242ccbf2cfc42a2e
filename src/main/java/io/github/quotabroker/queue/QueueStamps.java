package io.github.quotabroker.queue;

import java.security.SecureRandom;

/**
 * New stamps for pools' queues: random, so that no two transactions (of any instance, or
 * before and after the tables were emptied) give the same one.
 */
public final class QueueStamps {

	private static final SecureRandom RANDOM = new SecureRandom();

	private QueueStamps() {
	}

	public static long next() {
		return RANDOM.nextLong();
	}

}
