package io.github.quotabroker.calibration;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.LimitMode;
import io.github.quotabroker.pool.Unit;

/**
 * What {@code GET /pools/{poolId}/calibration} answers: the pool's effective limit as the
 * provider's readings and the ledger show it, how sure that is, and why. Amounts are in
 * the pool's unit.
 *
 * @param configuredLimit the limit an admin set
 * @param effectiveLimit the limit decisions use now
 * @param estimate {@code null} while no reading is usable
 * @param suggestedLimit the interval's lower end rounded down to three significant
 * digits: a limit the evidence says the provider allows
 * @param drift {@code null} with too few readings
 * @param gap {@code null} without a reading about the provider's current window
 * @param alignment {@code null} without a reading that says when its window resets
 * @param message the answer in one or two sentences
 */
public record Calibration(String poolId, Unit unit, String window, LimitMode limitMode, BigDecimal configuredLimit,
		BigDecimal effectiveLimit, Estimate estimate, BigDecimal suggestedLimit, Drift drift, Gap gap,
		Alignment alignment, Evidence evidence, String message) {

	/**
	 * @param basis {@code percent} (readings of a used percent set against the ledger) or
	 * {@code stated} (limits the provider states)
	 * @param lower the 95 % interval's lower end
	 * @param relativeHalfWidthPercent half the interval's width in percent of the
	 * estimate
	 * @param decidable whether a {@code CALIBRATED} pool decides with it (enough
	 * readings, windows and a narrow enough interval)
	 */
	public record Estimate(String basis, BigDecimal limit, BigDecimal lower, BigDecimal upper,
			BigDecimal relativeHalfWidthPercent, int readings, int windows, boolean decidable) {
	}

	/**
	 * @param earlier the estimate from the older half of the readings
	 * @param recent from the newer half
	 * @param changePercent from {@code earlier} to {@code recent}
	 */
	public record Drift(BigDecimal earlier, BigDecimal recent, BigDecimal changePercent) {
	}

	/**
	 * The ledger against the provider's latest reading about its current window.
	 *
	 * @param ledgerPercent what the ledger recorded in the provider's window up to
	 * {@code observedAt}, in percent of the effective limit
	 * @param gapPoints {@code providerPercent - ledgerPercent}: positive when the
	 * provider counted more than the ledger saw
	 * @param unseen usage the provider counted that the ledger did not see, by the
	 * estimate ({@code null} without one)
	 */
	public record Gap(Instant observedAt, String signal, BigDecimal providerPercent, BigDecimal ledgerPercent,
			BigDecimal gapPoints, BigDecimal unseen) {
	}

	/**
	 * The provider's window beside the pool's.
	 *
	 * @param providerWindowStart when the provider's current (or latest seen) window
	 * started: for a 5-hour window, the first message of its session
	 * @param poolWindowStart from when the pool counts usage now
	 * @param offset how much later the provider resets than the pool (calendar pools;
	 * negative: earlier)
	 */
	public record Alignment(Instant providerWindowStart, Instant providerResetsAt, Instant poolWindowStart,
			Instant poolNextReset, Duration offset, String message) {
	}

	/**
	 * @param observations readings about the pool's window within the maximum age
	 * @param skipped readings not used, by reason
	 * @param latest the newest readings with the limit each implies
	 */
	public record Evidence(int observations, Map<String, Integer> skipped, List<Reading> latest) {
	}

	/**
	 * @param ledgerUsed what the ledger recorded in the reading's window up to its time
	 * @param impliedLimit {@code ledgerUsed / (usedPercent / 100)} ({@code null} at 0 %)
	 */
	public record Reading(Instant observedAt, String source, String signal, String memberId, BigDecimal usedPercent,
			Instant resetsAt, BigDecimal statedLimit, BigDecimal ledgerUsed, BigDecimal impliedLimit) {
	}

}
