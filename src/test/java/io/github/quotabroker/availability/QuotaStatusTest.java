package io.github.quotabroker.availability;

import io.github.quotabroker.pool.StatusThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QuotaStatusTest {

	@ParameterizedTest(name = "{0} of 10000 used is {1}")
	@CsvSource({ "0, GREEN", "1, GREEN", "6999, GREEN", "7000, YELLOW", "7001, YELLOW", "8499, YELLOW", "8500, ORANGE",
			"9499, ORANGE", "9500, RED", "9999, RED", "10000, RED", "15000, RED" })
	void theDefaultThresholdsAreSeventyEightyFiveAndNinetyFivePercent(long used, QuotaStatus expected) {
		assertThat(QuotaStatus.of(used, 10_000, StatusThresholds.DEFAULT)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} of 3 used is {1}")
	@CsvSource({ "2, GREEN", "3, RED", "4, RED" })
	void percentagesAreComparedExactlyWithoutRounding(long used, QuotaStatus expected) {
		// 2 of 3 is 66.67%: rounding it would still be green, but 69.999...% must be too.
		assertThat(QuotaStatus.of(used, 3, StatusThresholds.DEFAULT)).isEqualTo(expected);
	}

	@Test
	void justUnderAThresholdIsBelowItEvenWhenTheRoundedPercentageWouldReachIt() {
		// 69999 / 100000 = 69.999% rounds to 70.00% but is not 70%.
		assertThat(QuotaStatus.of(69_999, 100_000, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.GREEN);
		assertThat(QuotaStatus.of(94_999_999, 100_000_000, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.ORANGE);
	}

	@ParameterizedTest(name = "{0} of 200 used is {1} with thresholds 50/60/99")
	@CsvSource({ "99, GREEN", "100, YELLOW", "119, YELLOW", "120, ORANGE", "197, ORANGE", "198, RED", "200, RED" })
	void customThresholdsAreHonoured(long used, QuotaStatus expected) {
		assertThat(QuotaStatus.of(used, 200, new StatusThresholds(50, 60, 99))).isEqualTo(expected);
	}

	@Test
	void aRedThresholdOfOneHundredIsReachedOnlyWhenTheWholeLimitIsUsed() {
		StatusThresholds thresholds = new StatusThresholds(1, 2, 100);

		assertThat(QuotaStatus.of(0, 100, thresholds)).isEqualTo(QuotaStatus.GREEN);
		assertThat(QuotaStatus.of(1, 100, thresholds)).isEqualTo(QuotaStatus.YELLOW);
		assertThat(QuotaStatus.of(99, 100, thresholds)).isEqualTo(QuotaStatus.ORANGE);
		assertThat(QuotaStatus.of(100, 100, thresholds)).isEqualTo(QuotaStatus.RED);
	}

	@Test
	void hugeAmountsDoNotOverflow() {
		long limit = 1_000_000_000_000_000L;

		assertThat(QuotaStatus.of(limit / 2, limit, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.GREEN);
		assertThat(QuotaStatus.of(limit * 7 / 10, limit, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.YELLOW);
		assertThat(QuotaStatus.of(limit * 7 / 10 - 1, limit, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.GREEN);
		// used * 100 would exceed Long.MAX_VALUE (but not 2^64) for these
		assertThat(QuotaStatus.of(Long.MAX_VALUE / 100 + 1, limit, StatusThresholds.DEFAULT))
			.isEqualTo(QuotaStatus.RED);
		assertThat(QuotaStatus.of(Long.MAX_VALUE / 50, limit, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.RED);
		assertThat(QuotaStatus.of(Long.MAX_VALUE / 100, Long.MAX_VALUE / 100, StatusThresholds.DEFAULT))
			.isEqualTo(QuotaStatus.RED);
		assertThat(QuotaStatus.of(Long.MAX_VALUE, limit, StatusThresholds.DEFAULT)).isEqualTo(QuotaStatus.RED);
	}

	@Test
	void thresholdsMustBeStrictlyIncreasingFromOneToOneHundred() {
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusThresholds(0, 50, 90));
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusThresholds(50, 50, 90));
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusThresholds(50, 90, 90));
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusThresholds(80, 70, 90));
		assertThatIllegalArgumentException().isThrownBy(() -> new StatusThresholds(50, 90, 101));
	}

}
