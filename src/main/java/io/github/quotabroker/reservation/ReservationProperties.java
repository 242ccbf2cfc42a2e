package io.github.quotabroker.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reservation settings ({@code quota.reservations.*}).
 *
 * @param defaultTtl how long a hold lasts when the request names no {@code ttl}
 * @param maxTtl the longest hold a request may ask for
 * @param sweepInterval how often each instance marks expired holds and starts scheduled
 * reservations (decisions never wait for it: they look at the times themselves)
 * @param sweepBatch rows claimed per sweep statement
 * @param maxDecisionBatch requests (of any pools) decided in one transaction at most
 * @param maxQueueWait the latest deadline a queued request may have, and its default
 * @param decisionLanes decision transactions one instance runs at once; requests that
 * arrive meanwhile wait and are decided together in the next
 * @param definitionsTtl how long an instance keeps a pool's definition and a team's
 * allocations for checking requests (each decision checks them again under the lock)
 * @param queueRecheck how soon a queue that new requests joined is looked at again even
 * if nothing announces freed quota (a hold released while the requests were being queued
 * may not have seen them)
 */
@ConfigurationProperties("quota.reservations")
public record ReservationProperties(@DefaultValue("PT30M") Duration defaultTtl, @DefaultValue("PT24H") Duration maxTtl,
		@DefaultValue("PT5S") Duration sweepInterval, @DefaultValue("500") int sweepBatch,
		@DefaultValue("256") int maxDecisionBatch, @DefaultValue("PT24H") Duration maxQueueWait,
		@DefaultValue("1") int decisionLanes, @DefaultValue("PT5S") Duration definitionsTtl,
		@DefaultValue("PT5S") Duration queueRecheck) {
}
