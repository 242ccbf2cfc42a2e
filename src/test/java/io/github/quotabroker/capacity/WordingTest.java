package io.github.quotabroker.capacity;

import java.time.Instant;
import java.time.ZoneId;

import io.github.quotabroker.pool.Unit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How answers word amounts, percentages and local times. */
class WordingTest {

	static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

	@Test
	void anAmountIsSaidInThePoolsUnit() {
		assertThat(Wording.amount(Unit.MESSAGES, 40)).isEqualTo("40 MESSAGES");
		assertThat(Wording.amount(Unit.TOKENS, 1_500_000)).isEqualTo("1500000 TOKENS");
		assertThat(Wording.amount(Unit.COST_USD, 12_500_000)).isEqualTo("12.5 COST_USD");
	}

	@Test
	void aPercentageKeepsOneDecimalAndIsNeverRoundedUp() {
		assertThat(Wording.percent(50, 100)).isEqualTo("50");
		assertThat(Wording.percent(2, 3)).isEqualTo("66.6");
		assertThat(Wording.percent(8999, 10_000)).isEqualTo("89.9");
	}

	@Test
	void aLocalTimeNamesItsZoneAndItsDayWhenThatIsNotTodayThere() {
		assertThat(Wording.local(Instant.parse("2026-12-04T13:00:00Z"), NOW, ZoneId.of("Europe/Berlin")))
			.isEqualTo("14:00 Europe/Berlin");
		assertThat(Wording.local(Instant.parse("2026-12-04T14:30:00Z"), NOW, ZoneId.of("Asia/Tokyo")))
			.isEqualTo("23:30 Asia/Tokyo");
		assertThat(Wording.local(Instant.parse("2026-12-05T00:30:00Z"), NOW, ZoneId.of("Europe/Berlin")))
			.isEqualTo("Sat 5 Dec 01:30 Europe/Berlin");
	}

}
