package io.github.quotabroker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdGateTest {

	private static final Instant WINDOW = Instant.parse("2026-11-25T10:00:00Z");

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final Duration RECHECK = Duration.ofSeconds(5);

	private static final List<Integer> THRESHOLDS = List.of(50, 80, 95);

	@Test
	void noReadWhileTheBoundStaysBelowTheNextThreshold() {
		ThresholdGate gate = ThresholdGate.readAt(WINDOW, 400, NOW).plus(99);
		assertThat(gate.mustRead(WINDOW, NOW.plusSeconds(1), RECHECK, THRESHOLDS, 1000)).isFalse();
		assertThat(gate.plus(1).mustRead(WINDOW, NOW.plusSeconds(1), RECHECK, THRESHOLDS, 1000)).isTrue();
	}

	@Test
	void aThresholdAlreadyReachedAtTheReadingDoesNotCauseReads() {
		ThresholdGate gate = ThresholdGate.readAt(WINDOW, 850, NOW).plus(99);
		assertThat(gate.mustRead(WINDOW, NOW, RECHECK, THRESHOLDS, 1000)).isFalse();
		assertThat(gate.plus(1).mustRead(WINDOW, NOW, RECHECK, THRESHOLDS, 1000)).isTrue();
		// Above the last threshold only the recheck and a new window read again.
		ThresholdGate full = ThresholdGate.readAt(WINDOW, 990, NOW).plus(5000);
		assertThat(full.mustRead(WINDOW, NOW, RECHECK, THRESHOLDS, 1000)).isFalse();
	}

	@Test
	void aNewWindowInstanceOrAnOldReadingIsReadAgain() {
		ThresholdGate gate = ThresholdGate.readAt(WINDOW, 10, NOW);
		assertThat(gate.mustRead(WINDOW.plusSeconds(5 * 3600), NOW, RECHECK, THRESHOLDS, 1000)).isTrue();
		assertThat(gate.mustRead(WINDOW, NOW.plus(RECHECK).minusMillis(1), RECHECK, THRESHOLDS, 1000)).isFalse();
		assertThat(gate.mustRead(WINDOW, NOW.plus(RECHECK), RECHECK, THRESHOLDS, 1000)).isTrue();
		assertThat(gate.stale(NOW.plus(RECHECK), RECHECK)).isTrue();
	}

	@Test
	void theBoundDoesNotOverflow() {
		ThresholdGate gate = ThresholdGate.readAt(WINDOW, Long.MAX_VALUE - 1, NOW).plus(Long.MAX_VALUE);
		assertThat(gate.mustRead(WINDOW, NOW, RECHECK, List.of(50), Long.MAX_VALUE)).isFalse();
		assertThat(ThresholdGate.readAt(WINDOW, 0, NOW)
			.plus(Long.MAX_VALUE)
			.plus(Long.MAX_VALUE)
			.mustRead(WINDOW, NOW, RECHECK, List.of(50), 1000)).isTrue();
	}

}
