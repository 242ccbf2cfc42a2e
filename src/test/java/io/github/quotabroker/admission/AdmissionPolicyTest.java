package io.github.quotabroker.admission;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.capacity.CapacityProfile;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.usage.UsageKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionPolicyTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final ZoneId UTC = ZoneOffset.UTC;

	static Pool pool(Window window, long limit) {
		return new Pool("p", "p", Unit.MESSAGES, limit, window, List.of(ModelPattern.of("*")), TokenWeights.DEFAULT,
				StatusThresholds.DEFAULT, PoolPolicy.DEFAULT, NOW, NOW);
	}

	static final Pool WEEKLY = pool(CalendarWindow.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), UTC), 1000);

	static final Instant NEXT_MONDAY = Instant.parse("2026-11-30T09:00:00Z");

	static AdmissionPolicy.Verdict decide(Pool pool, long used, CapacityProfile profile, long estimate, UsageKind kind,
			Priority priority) {
		return AdmissionPolicy.decide(pool, used, 0, profile, 100, estimate, kind, priority, null, NOW, UTC);
	}

	static CapacityProfile calendar(long used) {
		return new CapacityProfile(1000, NOW, used, Map.of(NEXT_MONDAY, used));
	}

	@Test
	void automatedWorkStopsAtTheAutomationCapAndMayRetryAtTheReset() {
		AdmissionPolicy.Verdict v = decide(WEEKLY, 910, calendar(910), 10, UsageKind.AUTOMATED, Priority.CRITICAL);
		assertThat(v.decision()).isEqualTo(Decision.DEFER);
		assertThat(v.reason()).startsWith("Stopping: weekly quota usage at 91% (configured max: 90%)");
		assertThat(v.retryAt()).isEqualTo(NEXT_MONDAY);
		// Interactive work is not capped (CRITICAL passes every tier).
		assertThat(decide(WEEKLY, 910, calendar(910), 10, UsageKind.INTERACTIVE, Priority.CRITICAL).decision())
			.isEqualTo(Decision.ADMIT);
	}

	@Test
	void automatedWorkMayNotPushUsagePastTheCap() {
		AdmissionPolicy.Verdict v = decide(WEEKLY, 850, calendar(850), 60, UsageKind.AUTOMATED, Priority.CRITICAL);
		assertThat(v.decision()).isEqualTo(Decision.DEFER);
		assertThat(v.reason())
			.startsWith("Stopping: weekly quota usage at 85%; this task (~6%) would pass the configured max of 90%");
		assertThat(decide(WEEKLY, 850, calendar(850), 50, UsageKind.AUTOMATED, Priority.CRITICAL).decision())
			.isEqualTo(Decision.ADMIT);
	}

	@Test
	void theTeamsCapAppliesWhenLowerThanThePools() {
		AdmissionPolicy.Verdict v = AdmissionPolicy.decide(WEEKLY, 700, 0, calendar(700), 75, 60, UsageKind.AUTOMATED,
				Priority.CRITICAL, null, NOW, UTC);
		assertThat(v.decision()).isEqualTo(Decision.DEFER);
		assertThat(v.capPercent()).isEqualTo(75);
		assertThat(v.reason()).contains("configured max of 75%");
	}

	@Test
	void conservationTiersDeferLowerPrioritiesAsThePoolEmpties() {
		// remaining 35 %: LOW waits; 15 %: MEDIUM waits too; 5 %: only CRITICAL.
		assertThat(decide(WEEKLY, 650, calendar(650), 1, UsageKind.INTERACTIVE, Priority.LOW).decision())
			.isEqualTo(Decision.DEFER);
		assertThat(decide(WEEKLY, 650, calendar(650), 1, UsageKind.INTERACTIVE, Priority.MEDIUM).decision())
			.isEqualTo(Decision.ADMIT);
		assertThat(decide(WEEKLY, 850, calendar(850), 1, UsageKind.INTERACTIVE, Priority.MEDIUM).decision())
			.isEqualTo(Decision.DEFER);
		assertThat(decide(WEEKLY, 850, calendar(850), 1, UsageKind.INTERACTIVE, Priority.HIGH).decision())
			.isEqualTo(Decision.ADMIT);
		AdmissionPolicy.Verdict high = decide(WEEKLY, 950, calendar(950), 1, UsageKind.INTERACTIVE, Priority.HIGH);
		assertThat(high.decision()).isEqualTo(Decision.DEFER);
		assertThat(high.reason()).startsWith("Conserving: weekly quota has 5% left (below 10%), so HIGH work waits");
		assertThat(high.retryAt()).isEqualTo(NEXT_MONDAY);
		assertThat(decide(WEEKLY, 950, calendar(950), 1, UsageKind.INTERACTIVE, Priority.CRITICAL).decision())
			.isEqualTo(Decision.ADMIT);
		// Exactly at a tier boundary (40 % left) LOW still runs.
		assertThat(decide(WEEKLY, 600, calendar(600), 1, UsageKind.INTERACTIVE, Priority.LOW).decision())
			.isEqualTo(Decision.ADMIT);
	}

	@Test
	void aRollingPoolAdmitsAgainWhenEnoughUsageHasRolledOff() {
		Pool fiveHours = pool(new RollingWindow(Duration.ofHours(5)), 1000);
		// 700 used at 08:00 (freed 13:01), 200 at 11:00 (freed 16:01).
		CapacityProfile profile = new CapacityProfile(1000, NOW, 900,
				Map.of(Instant.parse("2026-11-25T13:01:00Z"), 700L, Instant.parse("2026-11-25T16:01:00Z"), 200L));
		AdmissionPolicy.Verdict v = AdmissionPolicy.decide(fiveHours, 900, 0, profile, 100, 300, UsageKind.INTERACTIVE,
				Priority.CRITICAL, null, NOW, ZoneId.of("America/Los_Angeles"));
		assertThat(v.decision()).isEqualTo(Decision.DEFER);
		assertThat(v.reason()).isEqualTo(
				"Not enough: needs ~300 MESSAGES, ~100 MESSAGES left in the 5-hour quota. Retry at 05:01 America/Los_Angeles.");
		assertThat(v.retryAt()).isEqualTo(Instant.parse("2026-11-25T13:01:00Z"));
	}

	@Test
	void aHoldMustAlsoFitWhileItsUsageWouldCount() {
		Pool fiveHours = pool(new RollingWindow(Duration.ofHours(5)), 1000);
		CapacityProfile profile = new CapacityProfile(1000, NOW, 0, Map.of());
		profile.add(new CapacityProfile.Occupancy(Instant.parse("2026-11-25T14:00:00Z"),
				Instant.parse("2026-11-25T20:00:00Z"), 800));
		// Without a hold it fits now; held for 5.5 h it meets the reservation at 14:00.
		assertThat(AdmissionPolicy
			.decide(fiveHours, 0, 0, profile, 100, 300, UsageKind.INTERACTIVE, Priority.CRITICAL, null, NOW, UTC)
			.decision()).isEqualTo(Decision.ADMIT);
		AdmissionPolicy.Verdict held = AdmissionPolicy.decide(fiveHours, 0, 0, profile, 100, 300, UsageKind.INTERACTIVE,
				Priority.CRITICAL, Duration.ofMinutes(331), NOW, UTC);
		assertThat(held.decision()).isEqualTo(Decision.DEFER);
		assertThat(held.retryAt()).isEqualTo(Instant.parse("2026-11-25T20:00:00Z"));
	}

	@Test
	void aTaskLargerThanThePoolOrTheCapIsDenied() {
		AdmissionPolicy.Verdict tooBig = decide(WEEKLY, 0, calendar(0), 1001, UsageKind.INTERACTIVE, Priority.CRITICAL);
		assertThat(tooBig.decision()).isEqualTo(Decision.DENY);
		assertThat(tooBig.retryAt()).isNull();
		assertThat(tooBig.reason()).contains("more than the weekly quota's whole limit of 1000 MESSAGES");
		AdmissionPolicy.Verdict overCap = decide(WEEKLY, 0, calendar(0), 950, UsageKind.AUTOMATED, Priority.CRITICAL);
		assertThat(overCap.decision()).isEqualTo(Decision.DENY);
		assertThat(overCap.reason()).contains("configured max: 90% = 900 MESSAGES");
	}

	@Test
	void heldQuotaCountsAsUsed() {
		CapacityProfile profile = calendar(500).add(new CapacityProfile.Occupancy(NOW, NEXT_MONDAY, 450));
		AdmissionPolicy.Verdict v = AdmissionPolicy.decide(WEEKLY, 500, 450, profile, 100, 60, UsageKind.INTERACTIVE,
				Priority.CRITICAL, null, NOW, UTC);
		assertThat(v.decision()).isEqualTo(Decision.DEFER);
		assertThat(v.reason()).startsWith("Not enough: needs ~60 MESSAGES, ~50 MESSAGES left");
	}

	@Test
	void windowsAreNamedAsPeopleSayThem() {
		assertThat(AdmissionPolicy.windowName(pool(new RollingWindow(Duration.ofHours(5)), 1))).isEqualTo("5-hour");
		assertThat(AdmissionPolicy.windowName(pool(new RollingWindow(Duration.ofDays(7)), 1))).isEqualTo("7-day");
		assertThat(AdmissionPolicy.windowName(pool(new RollingWindow(Duration.ofHours(24)), 1))).isEqualTo("24-hour");
		assertThat(AdmissionPolicy.windowName(pool(new RollingWindow(Duration.ofMinutes(90)), 1)))
			.isEqualTo("90-minute");
		assertThat(AdmissionPolicy.windowName(WEEKLY)).isEqualTo("weekly");
	}

	// ---- the team's automation window (#14) -----------------------------------

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final io.github.quotabroker.team.WorkingHours NIGHTS = new io.github.quotabroker.team.WorkingHours(BERLIN,
			LocalTime.of(22, 0), LocalTime.of(6, 0));

	static AdmissionPolicy.Verdict outside(Decision decision, String reason, Instant retryAt, Instant now) {
		return AdmissionPolicy.outsideAutomationWindow(NIGHTS, "platform", decision, reason, retryAt, 90, now, BERLIN);
	}

	@Test
	void automatedWorkOutsideTheWindowWaitsForItsNextStartAcrossTheDstChange() {
		// Berlin falls back on Sunday 2026-10-25: 22:00 is 20:00 UTC on Saturday (CEST)
		// and 21:00 UTC on Sunday (CET).
		AdmissionPolicy.Verdict saturday = outside(Decision.ADMIT, "Go", null, Instant.parse("2026-10-24T12:00:00Z"));
		AdmissionPolicy.Verdict sunday = outside(Decision.ADMIT, "Go", null, Instant.parse("2026-10-25T12:00:00Z"));

		assertThat(saturday.decision()).isEqualTo(Decision.DEFER);
		assertThat(saturday.retryAt()).isEqualTo(Instant.parse("2026-10-24T20:00:00Z"));
		assertThat(saturday.reason()).isEqualTo(
				"Outside the automation window: team 'platform' starts automated work from 22:00 to 06:00 Europe/Berlin. Retry at 22:00 Europe/Berlin.");
		assertThat(sunday.retryAt()).isEqualTo(Instant.parse("2026-10-25T21:00:00Z"));
	}

	@Test
	void theNightOfTheDstChangeIsAnHourLongerInUtc() {
		// 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC): nine hours.
		assertThat(outside(Decision.ADMIT, "Go", null, Instant.parse("2026-10-25T04:30:00Z"))).isNull();
		assertThat(outside(Decision.ADMIT, "Go", null, Instant.parse("2026-10-25T05:00:00Z")).retryAt())
			.isEqualTo(Instant.parse("2026-10-25T21:00:00Z"));
		assertThat(outside(Decision.ADMIT, "Go", null, Instant.parse("2026-10-24T20:00:00Z"))).isNull();
	}

	@Test
	void poolsThatAskToWaitLongerMoveTheRetryToTheWindowAfterThem() {
		Instant now = Instant.parse("2026-11-25T12:00:00Z");
		// The pool frees at 23:00 Berlin, inside tonight's window: retry then.
		AdmissionPolicy.Verdict inside = outside(Decision.DEFER, "Stopping: 5-hour quota usage at 95%. Retry at 23:00.",
				Instant.parse("2026-11-25T22:00:00Z"), now);
		// The pool frees at 07:00 Berlin tomorrow, after the window: the next night.
		AdmissionPolicy.Verdict after = outside(Decision.DEFER, "Stopping. Retry at 07:00.",
				Instant.parse("2026-11-26T06:00:00Z"), now);

		assertThat(inside.retryAt()).isEqualTo(Instant.parse("2026-11-25T22:00:00Z"));
		assertThat(inside.reason()).isEqualTo(
				"Outside the automation window: team 'platform' starts automated work from 22:00 to 06:00 Europe/Berlin, and stopping: 5-hour quota usage at 95%. Retry at 23:00 Europe/Berlin.");
		assertThat(after.retryAt()).isEqualTo(Instant.parse("2026-11-26T21:00:00Z"));
	}

	@Test
	void aDenialOrNoWindowIsLeftAlone() {
		assertThat(outside(Decision.DENY, "Never fits", null, NOW)).isNull();
		assertThat(
				AdmissionPolicy.outsideAutomationWindow(null, "platform", Decision.ADMIT, "Go", null, 90, NOW, BERLIN))
			.isNull();
	}

}
