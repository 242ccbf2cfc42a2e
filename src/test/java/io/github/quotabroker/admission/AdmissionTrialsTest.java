package io.github.quotabroker.admission;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.modelchoice.ModelChoice;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.support.PoolLoadBuilder;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.WorkingHours;
import io.github.quotabroker.usage.UsageKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An alternative "admits this now" exactly when the admission check would. */
class AdmissionTrialsTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	final AdmissionTrials trials = new AdmissionTrials();

	static Team team(WorkingHours automationWindow) {
		return new Team("platform", "Platform", ZoneOffset.UTC, BigDecimal.ONE, 90, List.of(), NOW, NOW, null,
				automationWindow);
	}

	/** 1,000 messages over five hours, {@code used} of them used by the team. */
	static PoolLoad load(long used) {
		return PoolLoadBuilder.rolling(1000, Duration.ofHours(5))
			.id("haiku")
			.now(NOW)
			.askedBy("platform")
			.used("platform", used, Duration.ofHours(1))
			.build();
	}

	boolean admits(Team team, PoolLoad load, long amount, UsageKind kind, Priority priority) {
		return this.trials.admitsNow(team, load, new ModelChoice.Work("platform", amount, kind, priority), NOW);
	}

	@Test
	void theConservationTierOfTheAlternativeHoldsLowWorkBack() {
		// 35 % left: below the default 40 % LOW work waits, MEDIUM runs.
		PoolLoad load = load(650);

		assertThat(admits(team(null), load, 10, UsageKind.INTERACTIVE, Priority.LOW)).isFalse();
		assertThat(admits(team(null), load, 10, UsageKind.INTERACTIVE, Priority.MEDIUM)).isTrue();
	}

	@Test
	void workThatDoesNotFitOrPassesTheAutomationCapIsNotAdmitted() {
		PoolLoad load = load(850);

		assertThat(admits(team(null), load, 100, UsageKind.INTERACTIVE, Priority.CRITICAL)).isTrue();
		assertThat(admits(team(null), load, 151, UsageKind.INTERACTIVE, Priority.CRITICAL)).isFalse();
		assertThat(admits(team(null), load, 100, UsageKind.AUTOMATED, Priority.CRITICAL)).isFalse();
	}

	@Test
	void automatedWorkOutsideTheTeamsAutomationWindowIsNotAdmittedAnywhere() {
		PoolLoad load = load(0);
		WorkingHours nights = new WorkingHours(ZoneOffset.UTC, LocalTime.of(22, 0), LocalTime.of(6, 0));

		assertThat(admits(team(nights), load, 10, UsageKind.AUTOMATED, Priority.MEDIUM)).isFalse();
		assertThat(admits(team(nights), load, 10, UsageKind.INTERACTIVE, Priority.MEDIUM)).isTrue();
		assertThat(admits(team(null), load, 10, UsageKind.AUTOMATED, Priority.MEDIUM)).isTrue();
	}

}
