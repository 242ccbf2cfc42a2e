package io.github.quotabroker.reservation;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.reservation.ReservationDecisions.BatchResult;
import io.github.quotabroker.reservation.ReservationDecisions.Outcome;
import io.github.quotabroker.reservation.ReservationDecisions.Waiter;
import io.github.quotabroker.web.Unavailable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decision lanes: requests that arrive while the lanes are busy are decided together
 * in the next transaction, whatever their pools (see {@link Combiner}), by
 * {@link ReservationDecisions}. Batching is what keeps both contended and busy
 * uncontended pools fast: one lock statement, one read, one insert for many requests.
 */
@Component
class DecisionLanes {

	private static final Logger log = LoggerFactory.getLogger(DecisionLanes.class);

	private final ReservationDecisions decisions;

	private final TransactionTemplate transactions;

	private final ReservationMetrics metrics;

	/** Requests waiting for a decision, of any pool, decided together. */
	private final Combiner<Waiter, Outcome> lanes;

	DecisionLanes(ReservationDecisions decisions, PlatformTransactionManager transactionManager,
			ReservationProperties properties, ReservationMetrics metrics) {
		this.decisions = decisions;
		this.transactions = new TransactionTemplate(transactionManager);
		this.metrics = metrics;
		this.lanes = new Combiner<>("reservation-decisions", properties.decisionLanes(), properties.maxDecisionBatch(),
				this::decideBatch, DecisionLanes::undecided);
	}

	/** Stops the decision lanes (after the web server stopped taking requests). */
	@PreDestroy
	void stopLanes() {
		this.lanes.close();
	}

	/**
	 * Decides the draft together with whatever else waits, for whatever pools, in one
	 * transaction (see {@link Combiner}).
	 */
	Outcome decide(ReservationDraft draft, ZoneId zone, Unit unit) {
		return this.lanes.submit(new Waiter(draft, zone, unit));
	}

	private void decideBatch(List<Combiner.Slot<Waiter, Outcome>> slots) {
		this.metrics.batch(slots.size());
		Map<String, List<Waiter>> byPool = new TreeMap<>();
		slots.forEach((s) -> byPool.computeIfAbsent(s.input().poolId(), (k) -> new ArrayList<>()).add(s.input()));
		try {
			BatchResult result = this.transactions.execute((tx) -> this.decisions.decide(byPool, false));
			slots.forEach((s) -> s.answer(result.outcomes().get(s.input())));
		}
		catch (RuntimeException ex) {
			log.error("Deciding {} reservation requests for pools {} failed", slots.size(), byPool.keySet(), ex);
			slots.forEach((s) -> s.fail(undecided()));
		}
	}

	private static Unavailable undecided() {
		return new Unavailable("The reservation could not be decided just now; retrying is safe");
	}

}
