package io.github.quotabroker.pool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PoolPolicyTest {

	@Test
	void theDefaultLeavesTenPercentAndCapsAutomationAtNinety() {
		assertThat(PoolPolicy.DEFAULT).isEqualTo(new PoolPolicy(10, 90, 40, 20, 10));
	}

	@ParameterizedTest(name = "buffer {0}, cap {1}, tiers {2}/{3}/{4}")
	@CsvSource({ "0, 1, 0, 0, 0", "50, 100, 100, 100, 100", "10, 90, 40, 20, 10", "0, 100, 100, 0, 0",
			"25, 50, 30, 30, 30", "5, 95, 100, 50, 0" })
	void everyValueAtTheEdgesOfItsRangeIsAccepted(int buffer, int cap, int low, int medium, int high) {
		PoolPolicy policy = new PoolPolicy(buffer, cap, low, medium, high);

		assertThat(policy.safetyBufferPercent()).isEqualTo(buffer);
		assertThat(policy.automationCapPercent()).isEqualTo(cap);
		assertThat(policy.lowDeferredBelowPercent()).isEqualTo(low);
		assertThat(policy.mediumDeferredBelowPercent()).isEqualTo(medium);
		assertThat(policy.highDeferredBelowPercent()).isEqualTo(high);
	}

	@ParameterizedTest(name = "buffer {0}")
	@CsvSource({ "-1", "51", "100" })
	void aSafetyBufferOutsideZeroToFiftyIsRefused(int buffer) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PoolPolicy(buffer, 90, 40, 20, 10))
			.withMessageContaining("safetyBufferPercent");
	}

	@ParameterizedTest(name = "cap {0}")
	@CsvSource({ "0", "-5", "101" })
	void anAutomationCapOutsideOneToHundredIsRefused(int cap) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PoolPolicy(10, cap, 40, 20, 10))
			.withMessageContaining("automationCapPercent");
	}

	@ParameterizedTest(name = "tiers {0}/{1}/{2}")
	@CsvSource({ "40, 20, -1", "101, 20, 10", "20, 40, 10", "40, 10, 20", "10, 20, 40", "101, 101, 101", "-1, -1, -1" })
	void conservationTiersOutOfOrderOrOutOfRangeAreRefused(int low, int medium, int high) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PoolPolicy(10, 90, low, medium, high))
			.withMessageContaining("0 <= high <= medium <= low <= 100");
	}

}
