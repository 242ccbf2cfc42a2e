package io.github.quotabroker.availability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityCacheTest {

	private static final Instant T = Instant.parse("2026-11-25T12:00:10Z");

	private final TeamAvailability answer = new TeamAvailability("platform", "UTC", T, List.of());

	@Test
	void anAnswerIsReusedWithinItsTtlAndValidity() {
		AvailabilityCache cache = new AvailabilityCache(Duration.ofSeconds(1));
		cache.put("platform|", this.answer, cache.generation(), T, Instant.parse("2026-11-25T12:01:00Z"));
		assertThat(cache.get("platform|", T.plusMillis(999))).isSameAs(this.answer);
		assertThat(cache.get("platform|", T.plusSeconds(1))).isNull();
	}

	@Test
	void anAnswerEndsAtTheNextWindowBoundaryEvenWithinItsTtl() {
		AvailabilityCache cache = new AvailabilityCache(Duration.ofMinutes(5));
		Instant boundary = Instant.parse("2026-11-25T12:01:00Z");
		cache.put("platform|", this.answer, cache.generation(), T, boundary);
		assertThat(cache.get("platform|", boundary.minusMillis(1))).isSameAs(this.answer);
		assertThat(cache.get("platform|", boundary)).isNull();
	}

	@Test
	void anythingRecordedOrChangedMakesEarlierAnswersStale() {
		AvailabilityCache cache = new AvailabilityCache(Duration.ofMinutes(5));
		long generation = cache.generation();
		cache.invalidate();
		// Computed before the change, stored after it: never served.
		cache.put("platform|", this.answer, generation, T, Instant.MAX);
		assertThat(cache.get("platform|", T)).isNull();
		cache.put("platform|", this.answer, cache.generation(), T, Instant.MAX);
		assertThat(cache.get("platform|", T)).isSameAs(this.answer);
		cache.invalidate();
		assertThat(cache.get("platform|", T)).isNull();
	}

	@Test
	void aClockThatWentBackNeverSeesALaterAnswer() {
		AvailabilityCache cache = new AvailabilityCache(Duration.ofMinutes(5));
		cache.put("platform|", this.answer, cache.generation(), T, Instant.MAX);
		assertThat(cache.get("platform|", T.minusMillis(1))).isNull();
	}

	@Test
	void aZeroTtlTurnsReuseOff() {
		assertThat(new AvailabilityCache(Duration.ZERO).enabled()).isFalse();
		assertThat(new AvailabilityCache(Duration.ofSeconds(1)).enabled()).isTrue();
	}

}
