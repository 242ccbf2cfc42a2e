package io.github.quotabroker.reservation;

import java.security.SecureRandom;

/**
 * New stamps for pools' queues: random, so that no two transactions (of any instance, or
 * before and after the tables were emptied) give the same one.
 */
final class QueueStamps {

	private static final SecureRandom RANDOM = new SecureRandom();

	private QueueStamps() {
	}

	static long next() {
		return RANDOM.nextLong();
	}

}
