package io.github.quotabroker.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock: this host's clock moved onto the database server's. Every instance
 * reads one PostgreSQL, so with this clock every instance decides with the same time
 * (when a hold expires, where a rolling window starts, which calendar window is current)
 * even when the hosts' own clocks drift apart. {@link ClockAlignment} measures the
 * offset; until the first reading, and with {@code quota.clock.source=system}, the offset
 * is zero.
 */
public final class DatabaseClock extends Clock {

	private final Clock local;

	private volatile Duration offset = Duration.ZERO;

	private volatile Duration lastRoundTrip;

	public DatabaseClock(Clock local) {
		this.local = local;
	}

	/**
	 * Takes one reading of the database's time: the offset is the database time minus the
	 * midpoint of the round trip, so its error is at most half the round trip. Readings
	 * whose round trip is longer than {@code maxRoundTrip} (or negative: the local clock
	 * stepped meanwhile) are ignored.
	 * @return whether the reading was used
	 */
	public boolean align(Instant sentAt, Instant databaseTime, Instant receivedAt, Duration maxRoundTrip) {
		Duration roundTrip = Duration.between(sentAt, receivedAt);
		if (roundTrip.isNegative() || roundTrip.compareTo(maxRoundTrip) > 0) {
			return false;
		}
		Instant midpoint = sentAt.plus(roundTrip.dividedBy(2));
		this.offset = Duration.between(midpoint, databaseTime);
		this.lastRoundTrip = roundTrip;
		return true;
	}

	/** The database's time minus this host's; positive when this host is behind. */
	public Duration offset() {
		return this.offset;
	}

	/** The round trip of the last reading used, {@code null} before the first. */
	public Duration lastRoundTrip() {
		return this.lastRoundTrip;
	}

	/**
	 * This host's own clock, which {@link ClockAlignment} compares with the database's.
	 */
	Clock local() {
		return this.local;
	}

	@Override
	public Instant instant() {
		return this.local.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new Zoned(this, zone);
	}

	/** This clock's instants seen in another zone. */
	private static final class Zoned extends Clock {

		private final DatabaseClock clock;

		private final ZoneId zone;

		Zoned(DatabaseClock clock, ZoneId zone) {
			this.clock = clock;
			this.zone = zone;
		}

		@Override
		public Instant instant() {
			return this.clock.instant();
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new Zoned(this.clock, zone);
		}

	}

}
