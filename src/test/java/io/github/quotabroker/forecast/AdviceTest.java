package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdviceTest {

	private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

	private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

	@Test
	void usageThatOutrunsWhatIsLeftIsThrottledByTheReductionThatMakesItLast() {
		// 24 hours to the reset, 85 left, 100 projected: cut 15 %.
		Instant reset = NOW.plus(Duration.ofHours(24));
		Advice advice = Advice.untilReset(85, 100, NOW, reset, LA, 0);
		assertThat(advice.action()).isEqualTo(Advice.Action.THROTTLE);
		assertThat(advice.reductionPercent()).isEqualByComparingTo("15");
		assertThat(advice.sustainablePerHour()).isEqualByComparingTo("3.542");
		assertThat(advice.message()).isEqualTo("reduce by 15 % to last until Thu 26 Nov 00:00 America/Los_Angeles");
		assertThat(advice.untilLocal().getOffset().getTotalSeconds()).isEqualTo(-8 * 3600);
	}

	@Test
	void usageThatFitsContinues() {
		Advice advice = Advice.untilReset(200, 100, NOW, NOW.plus(Duration.ofHours(24)), LA, 0);
		assertThat(advice.action()).isEqualTo(Advice.Action.CONTINUE);
		assertThat(advice.reductionPercent()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(advice.message()).startsWith("continue:").contains("America/Los_Angeles");
	}

	@Test
	void aRollingWindowLastsAtTheBudgetOverItsLength() {
		Advice fits = Advice.rolling(100, Duration.ofHours(5), 10, NOW.plus(Duration.ofHours(5)), LA, 0);
		assertThat(fits.action()).isEqualTo(Advice.Action.CONTINUE);
		assertThat(fits.sustainablePerHour()).isEqualByComparingTo("20");
		Advice over = Advice.rolling(100, Duration.ofHours(5), 25, NOW.plus(Duration.ofHours(5)), LA, 0);
		assertThat(over.action()).isEqualTo(Advice.Action.THROTTLE);
		assertThat(over.reductionPercent()).isEqualByComparingTo("20");
		assertThat(over.message()).isEqualTo("reduce by 20 % to stay within the 5h rolling window");
	}

	@Test
	void costAmountsKeepTheUnitsScale() {
		// 1 500 000 micro-dollars per hour is 1.5 USD.
		assertThat(Advice.amount(1_500_000, 6)).isEqualByComparingTo("1.5");
		assertThat(Advice.amount(-3, 0)).isEqualByComparingTo("0");
		assertThat(Advice.amount(200, 0).toPlainString()).isEqualTo("200");
	}

}
