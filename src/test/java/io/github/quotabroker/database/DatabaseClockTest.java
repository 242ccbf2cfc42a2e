package io.github.quotabroker.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseClockTest {

	private static final Instant HOST = Instant.parse("2026-12-07T10:00:00Z");

	private final DatabaseClock clock = new DatabaseClock(Clock.fixed(HOST, ZoneOffset.UTC));

	@Test
	void beforeAnyReadingItIsTheHostClock() {
		assertThat(this.clock.instant()).isEqualTo(HOST);
		assertThat(this.clock.offset()).isZero();
		assertThat(this.clock.lastRoundTrip()).isNull();
	}

	@Test
	void aHostTwoMinutesAheadIsMovedBackOntoTheDatabaseTime() {
		// Sent at host 10:00:00.000, answered 10:00:00.040: the database said
		// 09:58:00.020.
		boolean used = this.clock.align(HOST, Instant.parse("2026-12-07T09:58:00.020Z"), HOST.plusMillis(40),
				Duration.ofMillis(200));
		assertThat(used).isTrue();
		assertThat(this.clock.offset()).isEqualTo(Duration.ofMinutes(-2));
		assertThat(this.clock.instant()).isEqualTo(Instant.parse("2026-12-07T09:58:00Z"));
		assertThat(this.clock.lastRoundTrip()).isEqualTo(Duration.ofMillis(40));
	}

	@Test
	void aHostBehindIsMovedForward() {
		this.clock.align(HOST, HOST.plusSeconds(120).plusMillis(5), HOST.plusMillis(10), Duration.ofMillis(200));
		assertThat(this.clock.offset()).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.clock.withZone(ZoneId.of("Asia/Tokyo")).instant()).isEqualTo(HOST.plusSeconds(120));
		assertThat(this.clock.withZone(ZoneId.of("Asia/Tokyo")).getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
	}

	@Test
	void slowOrBackwardReadingsAreIgnoredAndTheLastOffsetKept() {
		this.clock.align(HOST, HOST.plusSeconds(60), HOST, Duration.ofMillis(200));
		assertThat(this.clock.align(HOST, HOST.plusSeconds(300), HOST.plusMillis(500), Duration.ofMillis(200)))
			.isFalse();
		assertThat(this.clock.align(HOST, HOST.plusSeconds(300), HOST.minusMillis(1), Duration.ofMillis(200)))
			.isFalse();
		assertThat(this.clock.offset()).isEqualTo(Duration.ofMinutes(1));
	}

}
