package io.github.quotabroker.modelchoice;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which alternative the advice names, and how it words it. */
class ModelChoiceTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	/** A pool of 1,000 messages over five hours with {@code used} of it used. */
	static PoolLoad pool(String id, long used) {
		PoolLoadBuilder b = PoolLoadBuilder.rolling(1000, Duration.ofHours(5)).id(id).now(NOW).askedBy("platform");
		if (used > 0) {
			b.used("platform", used, Duration.ofHours(1));
		}
		return b.build();
	}

	/** Stands in for the admission check: admits when the work fits what is left. */
	static Predicate<PoolLoad> fits(long amount) {
		return (load) -> load.pool().limit() - load.usage().used() - load.reserved() >= amount;
	}

	static Map<String, PoolLoad> loads(PoolLoad... loads) {
		Map<String, PoolLoad> byId = new LinkedHashMap<>();
		for (PoolLoad load : loads) {
			byId.put(load.pool().id(), load);
		}
		return byId;
	}

	@Test
	void theFirstAlternativeThatAdmitsTheWorkIsNamedWithHowFullBothAre() {
		PoolLoad opus = pool("opus", 920);
		Map<String, PoolLoad> loads = loads(opus, pool("sonnet", 950), pool("haiku", 390));

		Alternative a = ModelChoice.choose(List.of(opus.pool()), Map.of("opus", List.of("sonnet", "haiku")), loads,
				Set.of("opus"), Priority.MEDIUM, fits(100));

		assertThat(a.poolId()).isEqualTo("haiku");
		assertThat(a.window()).isEqualTo("5-hour");
		assertThat(a.percentLeft()).isEqualByComparingTo("61");
		assertThat(a.insteadOf()).isEqualTo("opus");
		assertThat(a.insteadOfPercentUsed()).isEqualByComparingTo("92");
		assertThat(a.message()).isEqualTo("opus 5-hour is at 92%; haiku 5-hour has 61% left and admits this now");
	}

	@Test
	void otherPrioritiesTryTheNearestClassFirstAndLowWorkTheCheapest() {
		PoolLoad opus = pool("opus", 700);
		Map<String, PoolLoad> loads = loads(opus, pool("sonnet", 100), pool("haiku", 100));
		Map<String, List<String>> alternatives = Map.of("opus", List.of("sonnet", "haiku"));

		assertThat(
				ModelChoice.choose(List.of(opus.pool()), alternatives, loads, Set.of("opus"), Priority.HIGH, fits(10))
					.poolId())
			.isEqualTo("sonnet");
		assertThat(ModelChoice.choose(List.of(opus.pool()), alternatives, loads, Set.of("opus"), Priority.LOW, fits(10))
			.poolId()).isEqualTo("haiku");
		assertThat(ModelChoice.order(List.of("sonnet", "haiku"), Priority.LOW)).containsExactly("haiku", "sonnet");
		assertThat(ModelChoice.order(List.of("sonnet", "haiku"), Priority.CRITICAL)).containsExactly("sonnet", "haiku");
	}

	@Test
	void noAlternativeIsNamedWhenNoneAdmitsTheWork() {
		PoolLoad opus = pool("opus", 990);
		Map<String, PoolLoad> loads = loads(opus, pool("sonnet", 950));

		assertThat(ModelChoice.choose(List.of(opus.pool()), Map.of("opus", List.of("sonnet")), loads, Set.of("opus"),
				Priority.MEDIUM, fits(100)))
			.isNull();
		assertThat(ModelChoice.choose(List.of(opus.pool()), Map.of(), loads, Set.of("opus"), Priority.MEDIUM, fits(1)))
			.isNull();
	}

	@Test
	void poolsTheWorkDrawsOnPoolsOfAnotherUnitAndPoolsWithoutALoadAreSkipped() {
		PoolLoad opus = pool("opus", 990);
		PoolLoad tokens = PoolLoadBuilder.rolling(1000, Duration.ofHours(5))
			.id("tokens")
			.unit(Unit.TOKENS)
			.now(NOW)
			.build();
		// "unallocated" has no load: the team is not allocated to it, so it was not read.
		Map<String, PoolLoad> loads = loads(opus, pool("session", 0), tokens, pool("haiku", 500));

		Alternative a = ModelChoice.choose(List.of(opus.pool()),
				Map.of("opus", List.of("session", "tokens", "unallocated", "haiku")), loads, Set.of("opus", "session"),
				Priority.MEDIUM, fits(10));

		assertThat(a.poolId()).isEqualTo("haiku");
	}

	@Test
	void theRefusedPoolsAreAskedInTheOrderGiven() {
		PoolLoad weekly = pool("weekly", 950);
		PoolLoad session = pool("session", 990);
		Map<String, PoolLoad> loads = loads(weekly, session, pool("weekly-b", 0), pool("session-b", 0));
		Map<String, List<String>> alternatives = Map.of("weekly", List.of("weekly-b"), "session", List.of("session-b"));

		Alternative a = ModelChoice.choose(List.of(session.pool(), weekly.pool()), alternatives, loads,
				Set.of("weekly", "session"), Priority.MEDIUM, fits(5));

		assertThat(a.poolId()).isEqualTo("session-b");
		assertThat(a.insteadOf()).isEqualTo("session");
	}

	@Test
	void theAdviceIsAppendedToTheAnswersSentence() {
		Alternative a = new Alternative("sonnet", "weekly", null, "opus", null,
				"opus weekly is at 92%; sonnet weekly has 61% left and admits this now");

		assertThat(ModelChoice.withAdvice("Not enough. Retry at 14:00 UTC.", a)).isEqualTo(
				"Not enough. Retry at 14:00 UTC. Alternative: opus weekly is at 92%; sonnet weekly has 61% left and admits this now.");
		assertThat(ModelChoice.withAdvice("Never fits: ~5 MESSAGES is more", a))
			.startsWith("Never fits: ~5 MESSAGES is more. Alternative: opus weekly");
		assertThat(ModelChoice.withAdvice("Unchanged.", null)).isEqualTo("Unchanged.");
	}

}
