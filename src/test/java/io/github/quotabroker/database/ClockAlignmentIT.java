package io.github.quotabroker.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.github.quotabroker.support.IntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which clock decides: two hosts whose clocks are two minutes fast and two minutes slow
 * both decide with the database server's time once aligned, so that a hold expires, a
 * rolling window starts and a calendar window resets at the same instant on every
 * instance.
 */
class ClockAlignmentIT extends IntegrationTestBase {

	private static final Duration SKEW = Duration.ofMinutes(2);

	private static final Duration TOLERANCE = Duration.ofMillis(100);

	@Autowired
	DatabaseClock applicationClock;

	private final ClockProperties properties = new ClockProperties(ClockProperties.Source.DATABASE,
			Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1));

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void hostsTwoMinutesApartAgreeOnTheDatabaseTime() {
		DatabaseClock fast = new DatabaseClock(Clock.offset(Clock.systemUTC(), SKEW));
		DatabaseClock slow = new DatabaseClock(Clock.offset(Clock.systemUTC(), SKEW.negated()));
		assertThat(Duration.between(slow.instant(), fast.instant()))
			.isGreaterThan(SKEW.multipliedBy(2).minus(TOLERANCE));

		new ClockAlignment(fast, this.jdbc, this.properties, this.registry).align();
		new ClockAlignment(slow, this.jdbc, this.properties, new SimpleMeterRegistry()).align();

		Instant database = this.jdbc.sql("select clock_timestamp()").query(OffsetDateTime.class).single().toInstant();
		assertThat(Duration.between(database, fast.instant()).abs()).isLessThan(TOLERANCE);
		assertThat(Duration.between(database, slow.instant()).abs()).isLessThan(TOLERANCE);
		assertThat(Duration.between(slow.instant(), fast.instant()).abs()).isLessThan(TOLERANCE);
		assertThat(fast.offset()).isBetween(SKEW.negated().minus(TOLERANCE), SKEW.negated().plus(TOLERANCE));
		assertThat(slow.offset()).isBetween(SKEW.minus(TOLERANCE), SKEW.plus(TOLERANCE));
		assertThat(this.registry.get("quota.clock.offset").gauge().value()).isCloseTo(-120.0,
				org.assertj.core.data.Offset.offset(0.1));
	}

	@Test
	void theServiceClockWasAlignedBeforeTheFirstRequest() {
		assertThat(this.applicationClock.lastRoundTrip()).isNotNull();
		assertThat(this.applicationClock.offset().abs()).isLessThan(TOLERANCE);
	}

	@Test
	void withTheSystemSourceEachHostKeepsItsOwnClock() {
		DatabaseClock fast = new DatabaseClock(Clock.offset(Clock.systemUTC(), SKEW));
		ClockProperties system = new ClockProperties(ClockProperties.Source.SYSTEM, Duration.ofSeconds(30),
				Duration.ofMillis(200), Duration.ofSeconds(1));
		new ClockAlignment(fast, this.jdbc, system, this.registry).align();
		assertThat(fast.offset()).isZero();
	}

	@Test
	void aFailedReadingKeepsTheLastOffset() {
		DatabaseClock fast = new DatabaseClock(Clock.offset(Clock.systemUTC(), SKEW));
		new ClockAlignment(fast, this.jdbc, this.properties, this.registry).align();
		Duration aligned = fast.offset();
		org.springframework.jdbc.core.simple.JdbcClient broken = org.springframework.jdbc.core.simple.JdbcClient.create(
				new org.springframework.jdbc.datasource.DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"));
		new ClockAlignment(fast, broken, this.properties, new SimpleMeterRegistry()).align();
		assertThat(fast.offset()).isEqualTo(aligned);
	}

}
