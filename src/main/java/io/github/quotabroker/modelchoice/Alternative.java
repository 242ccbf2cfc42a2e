package io.github.quotabroker.modelchoice;

import java.math.BigDecimal;

/**
 * An alternative pool that admits the work now (issue #14, model-choice advice), as
 * answers that defer or deny show it.
 *
 * @param poolId the alternative that admits the work now
 * @param window its window, as people call it ("weekly", "5-hour")
 * @param percentLeft what it has left now, before the work: neither used nor held
 * @param insteadOf the refusing pool whose alternative it is
 * @param insteadOfPercentUsed how full that pool is now, used and held
 * @param message one sentence: "opus weekly is at 92%; sonnet weekly has 61% left and
 * admits this now"
 */
public record Alternative(String poolId, String window, BigDecimal percentLeft, String insteadOf,
		BigDecimal insteadOfPercentUsed, String message) {
}
