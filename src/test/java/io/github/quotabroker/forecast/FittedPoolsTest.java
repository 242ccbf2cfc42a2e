package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FittedPoolsTest {

	private static final Instant HOUR = Instant.parse("2026-11-25T12:00:00Z");

	private final AtomicInteger reads = new AtomicInteger();

	private final AtomicInteger fingerprints = new AtomicInteger();

	private final AtomicReference<List<Long>> fingerprint = new AtomicReference<>(List.of(1L, 1L, 1L));

	private final FittedPools cache = new FittedPools(Duration.ofSeconds(10));

	private FittedPools.Fitted get(Instant hour, Instant now) {
		return this.cache.get("p", hour, now, () -> {
			this.fingerprints.incrementAndGet();
			return this.fingerprint.get();
		}, (fp) -> {
			this.reads.incrementAndGet();
			return new FittedPools.Fitted(hour, fp, Map.of("a", new double[48]), new double[48]);
		});
	}

	@Test
	void aFitIsReusedUntilTheHourOrTheFingerprintMoves() {
		Instant now = HOUR.plusSeconds(60);
		FittedPools.Fitted first = get(HOUR, now);
		HourlyProjection projection = first.projection("a", 24);
		FittedPools.Fitted again = get(HOUR, now.plusSeconds(30));
		assertThat(again).isSameAs(first);
		assertThat(again.projection("a", 24)).isSameAs(projection);
		assertThat(this.reads).hasValue(1);

		this.fingerprint.set(List.of(2L, 2L, 1L));
		get(HOUR, now.plusSeconds(60));
		assertThat(this.reads).hasValue(2);
		Instant next = HOUR.plusSeconds(3600);
		get(next, next);
		assertThat(this.reads).hasValue(3);
	}

	@Test
	void theFingerprintIsReadOncePerRecheckIntervalAndAtOnceAfterSuspicion() {
		Instant now = HOUR.plusSeconds(60);
		get(HOUR, now);
		get(HOUR, now.plusSeconds(5));
		get(HOUR, now.plusSeconds(9));
		assertThat(this.fingerprints).hasValue(1);
		// Another instance recorded late usage: seen at the next check, not before.
		this.fingerprint.set(List.of(2L, 2L, 2L));
		FittedPools.Fitted stale = get(HOUR, now.plusSeconds(9));
		assertThat(this.reads).hasValue(1);
		FittedPools.Fitted moved = get(HOUR, now.plusSeconds(10));
		assertThat(moved).isNotSameAs(stale);
		assertThat(this.fingerprints).hasValue(2);
		assertThat(this.reads).hasValue(2);
		// Late usage recorded through this instance: checked at once.
		this.cache.suspect();
		get(HOUR, now.plusSeconds(11));
		assertThat(this.fingerprints).hasValue(3);
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void aClockGoingBackChecksAgain() {
		get(HOUR, HOUR.plusSeconds(60));
		get(HOUR, HOUR.plusSeconds(30));
		assertThat(this.fingerprints).hasValue(2);
	}

	@Test
	void forgettingAPoolRereadsIt() {
		get(HOUR, HOUR);
		this.cache.forget("p");
		get(HOUR, HOUR);
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void aTeamWithoutHistoryInThePoolHasNoProjection() {
		FittedPools.Fitted fitted = new FittedPools.Fitted(HOUR, List.of(), Map.of(), new double[48]);
		assertThat(fitted.projection("unknown", 24).model()).isEqualTo(ForecastModel.NO_HISTORY);
	}

	@Test
	void workflowRunsAreReadOncePerFit() {
		FittedPools.Fitted fitted = get(HOUR, HOUR);
		AtomicInteger runs = new AtomicInteger();
		fitted.workflowRuns("a", () -> List.of((long) runs.incrementAndGet()));
		assertThat(fitted.workflowRuns("a", () -> List.of((long) runs.incrementAndGet()))).containsExactly(1L);
	}

}
