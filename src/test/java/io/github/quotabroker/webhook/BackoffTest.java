package io.github.quotabroker.webhook;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 10);

	@Test
	void pausesDoubleAfterEachFailureWithinHalfToFullOfTheStep() {
		assertThat(this.backoff.pauseAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.backoff.pauseAfter(1, 0.999999)).isBetween(Duration.ofMillis(9999), Duration.ofSeconds(10));
		assertThat(this.backoff.pauseAfter(2, 0.0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.backoff.pauseAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.pauseAfter(4, 0.0)).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void pausesStopGrowingAtTheMaximum() {
		assertThat(this.backoff.pauseAfter(10, 0.0)).isEqualTo(Duration.ofMinutes(30));
		assertThat(this.backoff.pauseAfter(10, 0.999999)).isLessThanOrEqualTo(Duration.ofHours(1));
		assertThat(this.backoff.pauseAfter(500, 0.0)).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void jitterSpreadsPausesOverTheWholeInterval() {
		assertThat(this.backoff.pauseAfter(5, 0.25)).isEqualTo(Duration.ofSeconds(100));
		assertThat(this.backoff.pauseAfter(5, 0.75)).isEqualTo(Duration.ofSeconds(140));
	}

	@Test
	void retriesUntilTheLastAttempt() {
		assertThat(this.backoff.retries(1)).isTrue();
		assertThat(this.backoff.retries(9)).isTrue();
		assertThat(this.backoff.retries(10)).isFalse();
	}

	@Test
	void refusesNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofHours(1), 3));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofHours(2), Duration.ofHours(1), 3));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofHours(1), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.pauseAfter(0, 0.5));
	}

}
