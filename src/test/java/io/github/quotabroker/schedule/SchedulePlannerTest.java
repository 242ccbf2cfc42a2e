package io.github.quotabroker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.schedule.SchedulePlanner.Infeasible;
import io.github.quotabroker.schedule.SchedulePlanner.Placement;
import io.github.quotabroker.schedule.SchedulePlanner.Plan;
import io.github.quotabroker.schedule.SchedulePlanner.Reason;
import io.github.quotabroker.schedule.SchedulePlanner.Task;
import io.github.quotabroker.schedule.SchedulePlanner.Terms;
import io.github.quotabroker.support.PoolLoadBuilder;
import io.github.quotabroker.team.WorkingHours;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The scheduler on hand-made pools: placements consume capacity, earliest deadline first,
 * dependencies, working hours and the automation window, the reasons of tasks that do not
 * fit, and loads given back unchanged.
 */
class SchedulePlannerTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Instant HORIZON = NOW.plus(Duration.ofDays(2));

	static Map<String, PoolLoad> pool(long limit) {
		Map<String, PoolLoad> loads = new LinkedHashMap<>();
		loads.put("p",
				PoolLoadBuilder.rolling(limit, Duration.ofHours(5))
					.id("p")
					.now(NOW)
					.safetyBufferPercent(0)
					.askedBy("t")
					.build());
		return loads;
	}

	static Task task(String name, long amount, String duration, Instant deadline, Integer... dependsOn) {
		return new Task(name, amount, Duration.parse(duration), deadline, List.of(dependsOn), Priority.MEDIUM, false,
				List.of("p"));
	}

	static Terms terms() {
		return new Terms("t", 100, NOW, HORIZON, null, null, ZoneOffset.UTC);
	}

	static Instant at(String hhmm) {
		return Instant.parse("2026-11-25T" + hhmm + ":00Z");
	}

	@Test
	void eachPlacementConsumesCapacityForTheTasksAfterIt() {
		// 60 of 100 over 12:01-13:01 counts until 18:01 on a 5-hour rolling pool.
		Plan plan = SchedulePlanner.plan(List.of(task("a", 60, "PT1H", null), task("b", 60, "PT1H", null)), pool(100),
				terms(), NOW);

		assertThat(plan.placed()).extracting(Placement::start).containsExactly(at("12:01"), at("18:01"));
		assertThat(plan.placed().get(0).pools().get(0).margin()).isEqualTo(40);
		assertThat(plan.infeasible()).isEmpty();
	}

	@Test
	void theEarliestDeadlineIsPlacedFirstWhateverTheOrderGiven() {
		Plan plan = SchedulePlanner.plan(
				List.of(task("later", 60, "PT1H", null), task("sooner", 60, "PT1H", at("20:00"))), pool(100), terms(),
				NOW);

		assertThat(plan.placed()).extracting(Placement::task).containsExactly(1, 0);
		assertThat(plan.placed().get(0).start()).isEqualTo(at("12:01"));
	}

	@Test
	void aTaskStartsOnlyAfterWhatItDependsOnEnds() {
		Plan plan = SchedulePlanner.plan(List.of(task("b", 10, "PT30M", null, 1), task("a", 10, "PT2H", null)),
				pool(100), terms(), NOW);

		assertThat(plan.placed()).extracting(Placement::task).containsExactly(1, 0);
		assertThat(plan.placed().get(1).start()).isEqualTo(at("14:01"));
	}

	@Test
	void aDependencyMakesItsPrerequisiteUrgentToo() {
		// "a" has no deadline but "b" needs it done by 14:00 to finish by 15:00; "c" is
		// due
		// at 16:00, so a plain EDF would run "c" first and miss "b".
		List<Task> tasks = List.of(task("a", 70, "PT1H", null), task("b", 10, "PT1H", at("15:00"), 0),
				task("c", 70, "PT1H", at("16:00")));

		Plan plan = SchedulePlanner.plan(tasks, pool(100), terms(), NOW);

		assertThat(plan.placed()).extracting(Placement::task).containsExactly(0, 1);
		assertThat(plan.infeasible()).singleElement().satisfies((i) -> {
			assertThat(i.task()).isEqualTo(2);
			assertThat(i.reason()).isEqualTo(Reason.QUOTA);
		});
	}

	@Test
	void infeasibleTasksSayWhy() {
		List<Task> tasks = List.of(task("too-big", 150, "PT1H", null), task("too-late", 10, "PT2H", at("13:00")),
				task("after-too-big", 10, "PT1H", null, 0));

		Plan plan = SchedulePlanner.plan(tasks, pool(100), terms(), NOW);

		assertThat(plan.placed()).isEmpty();
		assertThat(plan.infeasible()).extracting(Infeasible::task, Infeasible::reason)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, Reason.QUOTA),
					org.assertj.core.groups.Tuple.tuple(1, Reason.DEADLINE),
					org.assertj.core.groups.Tuple.tuple(2, Reason.DEPENDENCY));
		assertThat(plan.infeasible()).filteredOn((i) -> i.task() == 2)
			.singleElement()
			.satisfies((i) -> assertThat(i.detail()).contains("'too-big'"));
	}

	@Test
	void aCycleIsFoundBeforeAnythingIsPlaced() {
		List<Task> tasks = List.of(task("a", 1, "PT1M", null), task("b", 1, "PT1M", null, 2),
				task("c", 1, "PT1M", null, 1));

		assertThat(SchedulePlanner.onCycle(tasks)).isIn(1, 2);
		assertThat(SchedulePlanner.onCycle(List.of(task("a", 1, "PT1M", null), task("b", 1, "PT1M", null, 0))))
			.isEqualTo(-1);
		assertThatIllegalArgumentException().isThrownBy(() -> SchedulePlanner.plan(tasks, pool(100), terms(), NOW));
	}

	@Test
	void interactiveWorkStaysInsideWorkingHours() {
		List<WorkingHours.Span> hours = new WorkingHours(ZoneOffset.UTC, LocalTime.of(9, 0), LocalTime.of(17, 0))
			.spans(NOW, HORIZON);
		Terms terms = new Terms("t", 100, NOW, HORIZON, hours, null, ZoneOffset.UTC);

		Plan plan = SchedulePlanner.plan(List.of(task("a", 60, "PT4H", null), task("b", 60, "PT4H", null)), pool(100),
				terms, NOW);

		// 12:01-16:01 fits today and counts until 21:01; the second fits only tomorrow
		// (tasks
		// may run side by side when the pool has room for both).
		assertThat(plan.placed()).extracting(Placement::start)
			.containsExactly(at("12:01"), Instant.parse("2026-11-26T09:00:00Z"));
		assertThat(plan.placed()).allMatch(Placement::preferredHours);
	}

	@Test
	void automatedWorkPrefersTheAutomationWindowAndRunsOutsideItWhenItDoesNotFit() {
		List<WorkingHours.Span> night = new WorkingHours(ZoneOffset.UTC, LocalTime.of(22, 0), LocalTime.of(2, 0))
			.spans(NOW, HORIZON);
		Terms terms = new Terms("t", 100, NOW, HORIZON, null, night, ZoneOffset.UTC);
		Task nightly = new Task("nightly", 10, Duration.ofHours(1), null, List.of(), Priority.LOW, true, List.of("p"));
		Task long_ = new Task("long", 10, Duration.ofHours(6), null, List.of(), Priority.LOW, true, List.of("p"));

		Plan plan = SchedulePlanner.plan(List.of(nightly, long_), pool(100), terms, NOW);

		assertThat(plan.placed()).filteredOn((p) -> p.task() == 0).singleElement().satisfies((p) -> {
			assertThat(p.start()).isEqualTo(at("22:00"));
			assertThat(p.preferredHours()).isTrue();
		});
		assertThat(plan.placed()).filteredOn((p) -> p.task() == 1).singleElement().satisfies((p) -> {
			assertThat(p.start()).isEqualTo(at("12:01"));
			assertThat(p.preferredHours()).isFalse();
		});
	}

	@Test
	void theLoadsComeBackAsTheyWere() {
		Map<String, PoolLoad> loads = pool(100);
		long before = loads.get("p").profile().minFree(NOW, HORIZON);

		Plan plan = SchedulePlanner.plan(List.of(task("a", 60, "PT1H", null)), loads, terms(), NOW);

		assertThat(plan.left()).containsEntry("p", 40L);
		assertThat(loads.get("p").profile().minFree(NOW, HORIZON)).isEqualTo(before).isEqualTo(100);
	}

}
