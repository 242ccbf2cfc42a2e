package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;

/**
 * One pool as seen by one team. Amounts are in the pool's unit.
 *
 * @param used by all teams in the current window
 * @param teamUsed by this team in the current window
 * @param remaining {@code max(0, limit - used)}
 * @param reserved held now by active reservations of all teams (absent for past instants)
 * @param teamReserved the part of {@code reserved} held by this team
 * @param available what a hold (of the default ttl) could take now: neither used nor
 * held, and not promised to a scheduled reservation while its usage would count
 * @param windowStart usage from this (minute-aligned) instant on counts
 * @param nextReset for calendar windows; absent for rolling ones
 * @param recovery when used quota comes back
 * @param providerPercent what the provider last said was used of its current window
 * (issue #16), beside the ledger's own {@code percentUsed}; absent when unknown
 * @param providerPercentAt when the provider said it
 * @param activeHolds holds in force now on the pool (all teams), shown when the pool or
 * the team caps them
 * @param maxActiveHolds the pool's cap on them ({@code null}: none)
 * @param teamActiveHolds this team's holds in force now on the pool, with a cap
 * @param teamMaxActiveHolds the team's cap on them ({@code null}: none)
 */
public record PoolAvailability(String poolId, String name, Unit unit, BigDecimal limit, BigDecimal used,
		BigDecimal teamUsed, BigDecimal remaining, BigDecimal reserved, BigDecimal teamReserved, BigDecimal available,
		BigDecimal share, BigDecimal cap, BigDecimal guaranteed, BigDecimal borrowing, BigDecimal percentUsed,
		QuotaStatus status, Instant windowStart, Instant nextReset, List<RecoveryStep> recovery,
		BigDecimal providerPercent, Instant providerPercentAt, Integer activeHolds, Integer maxActiveHolds,
		Integer teamActiveHolds, Integer teamMaxActiveHolds) {
}
