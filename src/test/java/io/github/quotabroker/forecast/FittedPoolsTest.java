package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FittedPoolsTest {

	private static final Instant HOUR = Instant.parse("2026-11-25T12:00:00Z");

	private final AtomicInteger reads = new AtomicInteger();

	private FittedPools.Fitted read(Instant hour, List<Long> fingerprint) {
		this.reads.incrementAndGet();
		return new FittedPools.Fitted(hour, fingerprint, Map.of("a", new double[48]), new double[48],
				new ConcurrentHashMap<>());
	}

	@Test
	void aFitIsReusedUntilTheHourOrTheFingerprintMoves() {
		FittedPools cache = new FittedPools();
		FittedPools.Fitted first = cache.get("p", HOUR, List.of(1L, 1L, 1L), () -> read(HOUR, List.of(1L, 1L, 1L)));
		HourlyProjection projection = first.projection("a", 24);
		FittedPools.Fitted again = cache.get("p", HOUR, List.of(1L, 1L, 1L), () -> read(HOUR, List.of(1L, 1L, 1L)));
		assertThat(again).isSameAs(first);
		assertThat(again.projection("a", 24)).isSameAs(projection);
		assertThat(this.reads).hasValue(1);

		cache.get("p", HOUR, List.of(2L, 2L, 1L), () -> read(HOUR, List.of(2L, 2L, 1L)));
		Instant next = HOUR.plusSeconds(3600);
		cache.get("p", next, List.of(2L, 2L, 1L), () -> read(next, List.of(2L, 2L, 1L)));
		assertThat(this.reads).hasValue(3);
	}

	@Test
	void forgettingAPoolRereadsIt() {
		FittedPools cache = new FittedPools();
		cache.get("p", HOUR, List.of(), () -> read(HOUR, List.of()));
		cache.forget("p");
		cache.get("p", HOUR, List.of(), () -> read(HOUR, List.of()));
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void aTeamWithoutHistoryInThePoolHasNoProjection() {
		FittedPools.Fitted fitted = read(HOUR, List.of());
		assertThat(fitted.projection("unknown", 24).model()).isEqualTo(ForecastModel.NO_HISTORY);
	}

}
