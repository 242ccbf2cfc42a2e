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
 */
public record PoolAvailability(String poolId, String name, Unit unit, BigDecimal limit, BigDecimal used,
		BigDecimal teamUsed, BigDecimal remaining, BigDecimal reserved, BigDecimal teamReserved, BigDecimal available,
		BigDecimal share, BigDecimal cap, BigDecimal guaranteed, BigDecimal borrowing, BigDecimal percentUsed,
		QuotaStatus status, Instant windowStart, Instant nextReset, List<RecoveryStep> recovery) {
}
