package io.github.quotabroker.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which clock decides ({@code quota.clock.*}).
 *
 * @param source {@code database}: every instance keeps its clock on the database server's
 * time, measured every {@code alignInterval}; {@code system}: each instance trusts its
 * own host clock (only for a single instance, or hosts kept in step by NTP)
 * @param alignInterval how often the offset to the database's time is measured
 * @param maxRoundTrip readings slower than this are ignored: the offset's error is at
 * most half the round trip
 * @param warnOffset an offset larger than this is logged at WARN: the host clock is wrong
 */
@ConfigurationProperties("quota.clock")
public record ClockProperties(@DefaultValue("database") Source source, @DefaultValue("PT30S") Duration alignInterval,
		@DefaultValue("PT0.2S") Duration maxRoundTrip, @DefaultValue("PT1S") Duration warnOffset) {

	public enum Source {

		DATABASE, SYSTEM

	}

	public ClockProperties {
		if (alignInterval.isNegative() || alignInterval.isZero() || maxRoundTrip.isNegative()
				|| maxRoundTrip.isZero()) {
			throw new IllegalArgumentException("quota.clock.align-interval and max-round-trip must be positive");
		}
	}

}
