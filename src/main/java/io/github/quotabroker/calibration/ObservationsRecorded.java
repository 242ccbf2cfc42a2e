package io.github.quotabroker.calibration;

/** Published after provider readings about a pool were stored. */
public record ObservationsRecorded(String poolId) {
}
