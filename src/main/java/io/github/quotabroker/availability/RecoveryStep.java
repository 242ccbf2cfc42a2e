package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Quota that comes back within one clock hour (UTC).
 *
 * @param hour start of the UTC hour
 * @param hourLocal the same instant in the team's timezone
 * @param freedBy the instant by which all of {@code amount} is back
 * @param freedByLocal the same instant in the team's timezone
 * @param amount how much comes back in that hour
 * @param remainingAfter what remains once it is back, if nothing else is used
 */
public record RecoveryStep(Instant hour, OffsetDateTime hourLocal, Instant freedBy, OffsetDateTime freedByLocal,
		BigDecimal amount, BigDecimal remainingAfter) {
}
