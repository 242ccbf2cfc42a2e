package io.github.quotabroker.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.queue.QueuePlanner.Held;
import io.github.quotabroker.queue.QueuePlanner.Plan;
import io.github.quotabroker.queue.QueuePlanner.Request;
import io.github.quotabroker.queue.QueuePlanner.Waiting;
import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The queue planner on pool snapshots: order, aging, fair share, backfill, preemption.
 */
class QueuePlannerTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final Duration TTL = Duration.ofHours(1);

	static final Function<String, Double> NOWHERE_ELSE = (team) -> 0.0;

	/** A rolling 5 h pool of 100 with {@code used} recorded an hour ago by team "x". */
	static PoolLoadBuilder pool(long used) {
		PoolLoadBuilder b = PoolLoadBuilder.rolling(100, Duration.ofHours(5)).now(NOW);
		return (used > 0) ? b.used("x", used, Duration.ofHours(1)) : b;
	}

	static Request queued(String id, String team, long amount, Priority priority, Instant queuedAt) {
		return new Request(id, team, amount, priority, queuedAt, TTL, NOW.plus(Duration.ofHours(3)), false,
				ZoneOffset.UTC);
	}

	static Request direct(String id, String team, long amount) {
		return new Request(id, team, amount, Priority.MEDIUM, NOW, TTL, null, true, ZoneOffset.UTC);
	}

	static Plan plan(PoolLoad load, Map<String, Instant> lastGrants, Function<String, Double> elsewhere,
			Request... requests) {
		return new QueuePlanner(load, NOW, List::of, lastGrants, elsewhere).plan(List.of(requests), true);
	}

	static Plan plan(PoolLoad load, Request... requests) {
		return plan(load, Map.of(), NOWHERE_ELSE, requests);
	}

	static List<String> ids(List<Request> requests) {
		return requests.stream().map(Request::id).toList();
	}

	static List<String> waitingIds(Plan plan) {
		return plan.waiting().stream().map((w) -> w.request().id()).toList();
	}

	@Test
	void aCriticalRequestGoesBeforeAnOlderLowOne() {
		Plan plan = plan(pool(90).build(), queued("low", "a", 10, Priority.LOW, NOW.minusSeconds(60)),
				queued("critical", "b", 10, Priority.CRITICAL, NOW));

		assertThat(ids(plan.granted())).containsExactly("critical");
		assertThat(ids(plan.grantedInOrder())).containsExactly("critical");
		assertThat(waitingIds(plan)).containsExactly("low");
		assertThat(plan.waiting().get(0).position()).isEqualTo(1);
	}

	@Test
	void aLowRequestRisesOneTierPerAgingIntervalWithoutAGrantToItsTeam() {
		PoolLoad load = pool(90).agingInterval(Duration.ofHours(1)).build();
		QueuePlanner planner = new QueuePlanner(load, NOW, List::of, Map.of(), NOWHERE_ELSE);

		assertThat(planner.tier(queued("l", "a", 10, Priority.LOW, NOW.minusSeconds(59 * 60))))
			.isEqualTo(Priority.LOW.ordinal());
		assertThat(planner.tier(queued("l", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(1)))))
			.isEqualTo(Priority.MEDIUM.ordinal());
		assertThat(planner.tier(queued("l", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(2)))))
			.isEqualTo(Priority.HIGH.ordinal());
		assertThat(planner.tier(queued("l", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(9)))))
			.isEqualTo(Priority.CRITICAL.ordinal());

		// Waiting two hours lifts it to HIGH: ahead of a MEDIUM request of another team.
		Plan plan = plan(load, queued("medium", "b", 10, Priority.MEDIUM, NOW),
				queued("aged", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(2))));
		assertThat(ids(plan.granted())).containsExactly("aged");
		assertThat(waitingIds(plan)).containsExactly("medium");
	}

	@Test
	void aTeamServedInOrderDoesNotAge() {
		PoolLoad load = pool(90).agingInterval(Duration.ofHours(1)).build();
		// Team a had a LOW hold granted 30 minutes ago: its aging counts from then.
		Map<String, Instant> lastGrants = Map.of("a|LOW", NOW.minus(Duration.ofMinutes(30)));
		QueuePlanner planner = new QueuePlanner(load, NOW, List::of, lastGrants, NOWHERE_ELSE);

		assertThat(planner.tier(queued("l", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(2)))))
			.isEqualTo(Priority.LOW.ordinal());
		// A grant of another priority does not count.
		assertThat(planner.tier(queued("m", "a", 10, Priority.MEDIUM, NOW.minus(Duration.ofHours(2)))))
			.isEqualTo(Priority.CRITICAL.ordinal());

		Plan plan = plan(load, lastGrants, NOWHERE_ELSE, queued("medium", "b", 10, Priority.MEDIUM, NOW),
				queued("served", "a", 10, Priority.LOW, NOW.minus(Duration.ofHours(2))));
		assertThat(ids(plan.granted())).containsExactly("medium");
		assertThat(waitingIds(plan)).containsExactly("served");
	}

	@Test
	void withinATierTheTeamFurtherBelowItsShareGoesFirst() {
		// Shares of 50 each: a uses 40 (0.8 of its share), b uses 10 (0.2); 50 free.
		PoolLoadBuilder builder = pool(0).allocation("a", 1)
			.allocation("b", 1)
			.used("a", 40, Duration.ofHours(1))
			.used("b", 10, Duration.ofHours(1));

		Plan plan = plan(builder.build(), queued("a1", "a", 30, Priority.MEDIUM, NOW.minusSeconds(600)),
				queued("b1", "b", 30, Priority.MEDIUM, NOW));

		assertThat(ids(plan.granted())).containsExactly("b1");
		assertThat(waitingIds(plan)).containsExactly("a1");
	}

	@Test
	void theDominantShareElsewhereCountsWhenItIsLarger() {
		PoolLoadBuilder builder = pool(0).allocation("a", 1)
			.allocation("b", 1)
			.used("a", 40, Duration.ofHours(1))
			.used("b", 10, Duration.ofHours(1));
		// b uses 90 % of its share in another pool it draws on: above a's 80 % here.
		Function<String, Double> elsewhere = (team) -> team.equals("b") ? 0.9 : 0.0;

		Plan plan = plan(builder.build(), Map.of(), elsewhere,
				queued("a1", "a", 30, Priority.MEDIUM, NOW.minusSeconds(600)),
				queued("b1", "b", 30, Priority.MEDIUM, NOW));

		assertThat(ids(plan.granted())).containsExactly("a1");
		assertThat(waitingIds(plan)).containsExactly("b1");
	}

	@Test
	void withinATeamRequestsAreServedInArrivalOrder() {
		Plan plan = plan(pool(80).build(), queued("second", "a", 20, Priority.MEDIUM, NOW.minusSeconds(10)),
				queued("first", "a", 20, Priority.MEDIUM, NOW.minusSeconds(20)));

		assertThat(ids(plan.granted())).containsExactly("first");
		assertThat(waitingIds(plan)).containsExactly("second");
	}

	@Test
	void aSmallRequestBehindABigHeadIsBackfilledOnlyIfTheHeadsEstimateStaysTheSame() {
		// 100, rolling 5 h: 25 used at 08:00 (counts until 13:01), 45 at 11:00 (until
		// 16:01); 30 free. The head needs 50: it fits from 13:01, with 45 still counting.
		PoolLoad load = pool(45).used("x", 25, Duration.ofHours(4)).build();

		Plan plan = plan(load, queued("head", "a", 50, Priority.MEDIUM, NOW.minusSeconds(30)),
				queued("ten", "b", 10, Priority.MEDIUM, NOW.minusSeconds(20)),
				queued("five", "c", 5, Priority.MEDIUM, NOW.minusSeconds(10)));

		// 10 more would keep 55 occupied at 13:01 and push the head to 16:01; 5 keeps 50.
		assertThat(ids(plan.granted())).containsExactly("five");
		assertThat(plan.grantedInOrder()).isEmpty();
		assertThat(waitingIds(plan)).containsExactly("head", "ten");
		Waiting head = plan.waiting().get(0);
		assertThat(head.estimatedGrantAt()).isEqualTo(Instant.parse("2026-11-25T13:01:00Z"));
		// The ten fits only from 16:01 (after the head's 50 and the 45): past its 15:00
		// deadline, so it has no estimate.
		assertThat(plan.waiting().get(1).estimatedGrantAt()).isNull();
	}

	@Test
	void aHighRequestOfATeamBelowItsShareTakesBackLowestPriorityNewestHoldsFirst() {
		// Shares of 50: a holds 80 (preemptible), b nothing; 20 free.
		PoolLoad load = pool(0).allocation("a", 1, 0, null, true)
			.allocation("b", 1)
			.hold("a", 40, NOW.minus(Duration.ofHours(2)), NOW.plus(TTL), true)
			.hold("a", 20, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), true)
			.hold("a", 20, NOW.minusSeconds(600), NOW.plus(TTL), true)
			.build();
		Held older = new Held("older", "a", Priority.LOW, NOW.minus(Duration.ofHours(2)), NOW.plus(TTL), 30);
		Held newer = new Held("newer", "a", Priority.LOW, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), 15);
		Held medium = new Held("medium", "a", Priority.MEDIUM, NOW.minusSeconds(600), NOW.plus(TTL), 20);
		AtomicInteger reads = new AtomicInteger();
		QueuePlanner planner = new QueuePlanner(load, NOW, () -> {
			reads.incrementAndGet();
			return List.of(medium, older, newer);
		}, Map.of(), NOWHERE_ELSE);

		Plan plan = planner.plan(List.of(queued("urgent", "b", 40, Priority.HIGH, NOW)), true);

		assertThat(ids(plan.granted())).containsExactly("urgent");
		assertThat(plan.preempted()).extracting((p) -> p.hold().id(), QueuePlanner.Preemption::taken)
			.containsExactly(tuple("newer", 15L), tuple("older", 30L));
		assertThat(plan.preempted().get(0).reason()).isEqualTo(
				"preempted: 15 MESSAGES taken back for HIGH request urgent of team 'b', below its share while team 'a' is above its share");
		assertThat(reads).hasValue(1);
	}

	@Test
	void preemptionTakesNothingIfTheRequestWouldNotFitEvenThen() {
		PoolLoad load = pool(0).allocation("a", 1, 0, null, true)
			.allocation("b", 1)
			.hold("a", 80, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), true)
			.build();
		Held hold = new Held("h", "a", Priority.LOW, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), 30);
		QueuePlanner planner = new QueuePlanner(load, NOW, () -> List.of(hold), Map.of(), NOWHERE_ELSE);

		// 20 free and 30 to take back: 60 never fit now.
		Plan plan = planner.plan(List.of(queued("urgent", "b", 60, Priority.CRITICAL, NOW)), true);

		assertThat(plan.granted()).isEmpty();
		assertThat(plan.preempted()).isEmpty();
		assertThat(waitingIds(plan)).containsExactly("urgent");
		assertThat(load.profile().at(NOW).free()).isEqualTo(20);
		assertThat(load.fair().standing("a").held()).isEqualTo(80);
	}

	@Test
	void aMediumRequestDoesNotPreempt() {
		PoolLoad load = pool(0).allocation("a", 1, 0, null, true)
			.allocation("b", 1)
			.hold("a", 80, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), true)
			.build();
		Held hold = new Held("h", "a", Priority.LOW, NOW.minus(Duration.ofHours(1)), NOW.plus(TTL), 30);
		QueuePlanner planner = new QueuePlanner(load, NOW, () -> List.of(hold), Map.of(), NOWHERE_ELSE);

		Plan plan = planner.plan(List.of(queued("m", "b", 40, Priority.MEDIUM, NOW)), true);

		assertThat(plan.granted()).isEmpty();
		assertThat(plan.preempted()).isEmpty();
	}

	@Test
	void requestsPastTheirDeadlineExpire() {
		Request late = new Request("late", "a", 1, Priority.MEDIUM, NOW.minus(Duration.ofHours(2)), TTL, NOW, false,
				ZoneOffset.UTC);
		Request onTime = queued("onTime", "a", 1, Priority.MEDIUM, NOW.minusSeconds(60));

		Plan plan = plan(pool(0).build(), late, onTime);

		assertThat(ids(plan.expired())).containsExactly("late");
		assertThat(ids(plan.granted())).containsExactly("onTime");
	}

	@Test
	void aDirectRequestThatDoesNotFitIsRefusedWithASentence() {
		Plan plan = plan(pool(80).build(), direct("d", "a", 30));

		assertThat(plan.granted()).isEmpty();
		assertThat(plan.waiting()).isEmpty();
		assertThat(plan.refused()).hasSize(1);
		assertThat(plan.refused().values().iterator().next().reason()).startsWith("Only 20 MESSAGES can be held");
		assertThat(plan.wakeAt()).isNull();
	}

	@Test
	void aDirectRequestThatFitsButWouldDelayTheQueueIsToldToQueue() {
		PoolLoad load = pool(45).used("x", 25, Duration.ofHours(4)).build();

		Plan plan = plan(load, queued("head", "a", 50, Priority.MEDIUM, NOW.minusSeconds(30)), direct("d", "b", 10));

		assertThat(plan.granted()).isEmpty();
		assertThat(plan.refused().values().iterator().next().reason()).isEqualTo(
				"It fits, but 1 queued request is ahead and would wait longer; ask with \"queue\": true to wait in line.");
	}

	@Test
	void wakeAtIsWhenCapacityComesBackOrADeadlinePassesWhicheverIsFirst() {
		// 90 used four hours ago stops counting at 13:01, before the 15:00 deadline.
		Request waits = queued("w", "a", 20, Priority.MEDIUM, NOW);
		PoolLoad early = pool(0).used("x", 90, Duration.ofHours(4)).build();
		assertThat(plan(early, waits).wakeAt()).isEqualTo(Instant.parse("2026-11-25T13:01:00Z"));
		// 90 used an hour ago stops counting at 16:01: the deadline comes first.
		assertThat(plan(pool(90).build(), waits).wakeAt()).isEqualTo(NOW.plus(Duration.ofHours(3)));

		Request soon = new Request("s", "a", 20, Priority.MEDIUM, NOW, TTL, NOW.plus(Duration.ofMinutes(30)), false,
				ZoneOffset.UTC);
		assertThat(plan(pool(90).build(), soon).wakeAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

		assertThat(plan(pool(0).build(), queued("g", "a", 20, Priority.MEDIUM, NOW)).wakeAt()).isNull();
	}

}
