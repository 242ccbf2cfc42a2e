package io.github.quotabroker.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of team events ({@code quota.events.*}).
 *
 * @param heartbeat how often an open event stream gets a comment line, so that proxies
 * keep it open and dead clients are found
 * @param maxStreams event streams one instance serves at once; more are answered 503
 * @param streamTimeout how long one event stream stays open; clients reconnect after it
 * @param maxWait the longest a long-poll may wait; longer requests are cut to it
 * @param recheck how often a long-poll re-reads even without a notification, so a missed
 * one never makes it wait to its timeout
 * @param reconnectBackoff first pause before the listener reconnects to PostgreSQL after
 * losing its connection; doubled up to {@code maxReconnectBackoff}
 * @param maxReconnectBackoff longest pause between reconnection attempts
 */
@ConfigurationProperties("quota.events")
public record EventsProperties(@DefaultValue("PT15S") Duration heartbeat, @DefaultValue("1000") int maxStreams,
		@DefaultValue("PT30M") Duration streamTimeout, @DefaultValue("PT60S") Duration maxWait,
		@DefaultValue("PT1S") Duration recheck, @DefaultValue("PT0.5S") Duration reconnectBackoff,
		@DefaultValue("PT30S") Duration maxReconnectBackoff) {

	public EventsProperties {
		if (heartbeat.isNegative() || heartbeat.isZero() || streamTimeout.isNegative() || streamTimeout.isZero()) {
			throw new IllegalArgumentException("quota.events.heartbeat and stream-timeout must be positive");
		}
		if (maxStreams < 0) {
			throw new IllegalArgumentException("quota.events.max-streams must not be negative");
		}
		if (maxWait.isNegative() || recheck.isNegative() || recheck.isZero()) {
			throw new IllegalArgumentException(
					"quota.events.max-wait must not be negative and quota.events.recheck must be positive");
		}
		if (reconnectBackoff.isNegative() || reconnectBackoff.isZero()
				|| maxReconnectBackoff.compareTo(reconnectBackoff) < 0) {
			throw new IllegalArgumentException(
					"quota.events.reconnect-backoff must be positive and at most max-reconnect-backoff");
		}
	}

}
