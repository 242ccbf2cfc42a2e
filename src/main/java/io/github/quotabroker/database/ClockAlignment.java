package io.github.quotabroker.database;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link DatabaseClock} on the database server's time: once when the application
 * has started (before it takes requests), then every {@code quota.clock.align-interval}.
 * A failed reading keeps the last offset; a host clock that jumps is caught at the next
 * one.
 */
@Component
class ClockAlignment implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ClockAlignment.class);

	private final DatabaseClock clock;

	private final JdbcClient jdbc;

	private final ClockProperties properties;

	ClockAlignment(DatabaseClock clock, JdbcClient jdbc, ClockProperties properties, MeterRegistry registry) {
		this.clock = clock;
		this.jdbc = jdbc;
		this.properties = properties;
		Gauge.builder("quota.clock.offset", clock, (c) -> c.offset().toNanos() / 1e9)
			.description("Database server time minus this host's clock, as last measured (quota.clock.source)")
			.baseUnit("seconds")
			.register(registry);
	}

	@Override
	public void afterSingletonsInstantiated() {
		align();
	}

	@Scheduled(fixedDelayString = "${quota.clock.align-interval:PT30S}",
			initialDelayString = "${quota.clock.align-interval:PT30S}")
	void align() {
		if (this.properties.source() != ClockProperties.Source.DATABASE) {
			return;
		}
		try {
			// Twice: the first reading may pay for a connection's first use.
			for (int reading = 0; reading < 2; reading++) {
				Instant sent = this.clock.local().instant();
				Instant database = this.jdbc.sql("select clock_timestamp()")
					.query(OffsetDateTime.class)
					.single()
					.toInstant();
				Instant received = this.clock.local().instant();
				this.clock.align(sent, database, received, this.properties.maxRoundTrip());
			}
			if (this.clock.offset().abs().compareTo(this.properties.warnOffset()) > 0) {
				log.warn("This host's clock is {} ms behind the database's; the service uses the database's time",
						this.clock.offset().toMillis());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the database's time; keeping the last offset ({} ms): {}",
					this.clock.offset().toMillis(), ex.getMessage());
		}
	}

}
