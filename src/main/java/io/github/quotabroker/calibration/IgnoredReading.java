package io.github.quotabroker.calibration;

/** A reading of an observation that does not count for the pool, and why. */
public record IgnoredReading(String signal, String reason) {
}
