package io.github.quotabroker.availability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Availability settings ({@code quota.availability.*}).
 *
 * @param cacheTtl how long an instance may reuse an availability answer. Anything
 * recorded or changed through the same instance invalidates it at once, and no answer
 * outlives a window boundary, so this only bounds how late usage recorded through
 * <em>other</em> instances shows; {@code PT0S} turns reuse off
 */
@ConfigurationProperties("quota.availability")
public record AvailabilityProperties(@DefaultValue("PT1S") Duration cacheTtl) {
}
