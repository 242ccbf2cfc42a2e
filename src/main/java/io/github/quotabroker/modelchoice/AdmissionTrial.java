package io.github.quotabroker.modelchoice;

import java.time.Instant;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.team.Team;

/**
 * Whether the admission check would admit a piece of work on a pool now. The admission
 * capability implements it with its own rules, so "admits this now" in an advice means
 * exactly what an admission check would answer, without this package depending on it.
 */
public interface AdmissionTrial {

	/**
	 * Whether the admission check (fit, automation cap, conservation tier, fair share,
	 * caps on holds, the team's automation window) would answer ADMIT now.
	 */
	boolean admitsNow(Team team, PoolLoad load, ModelChoice.Work work, Instant now);

}
