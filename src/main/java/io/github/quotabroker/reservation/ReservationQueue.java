package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.queue.PoolQueue;
import io.github.quotabroker.queue.QueueGrants;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.queue.QueueStore;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queued reservations as the queue package sees them: dispatching a pool's queue (a
 * decision without arrivals) and the queue as it stands, planned without locks, for
 * answers.
 */
@Component
class ReservationQueue implements QueueGrants {

	private static final int MAX_LIST = 1000;

	private final ReservationStore store;

	private final QueueStore queueStore;

	private final ReservationDecisions decisions;

	private final PoolLoads loads;

	private final DominantShares shares;

	private final DecisionDefinitions definitions;

	private final PoolService pools;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ReservationQueue(ReservationStore store, QueueStore queueStore, ReservationDecisions decisions, PoolLoads loads,
			DominantShares shares, DecisionDefinitions definitions, PoolService pools,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.store = store;
		this.queueStore = queueStore;
		this.decisions = decisions;
		this.loads = loads;
		this.shares = shares;
		this.definitions = definitions;
		this.pools = pools;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	@Override
	public boolean hasQueue(String poolId) {
		return this.store.anyQueued(poolId);
	}

	/** Grants what the pool's queue can have now; waits for the pool's lock. */
	@Override
	public Map<String, Long> waitingByPool() {
		return this.store.queuedByPool();
	}

	@Override
	public int dispatch(String poolId) {
		Integer granted = this.transactions.execute((tx) -> {
			List<Pool> locked = this.pools.lockForDecision(List.of(poolId));
			return locked.isEmpty() ? 0 : this.decisions.dispatch(locked.get(0));
		});
		return (granted != null) ? granted : 0;
	}

	/**
	 * Dispatches the queues that are due (their wake-up time passed), each in its own
	 * transaction; a pool whose lock another transaction holds is skipped, as that one
	 * dispatches it.
	 */
	@Override
	public int dispatchDue(int limit) {
		Instant now = this.clock.instant();
		int granted = 0;
		for (String poolId : this.queueStore.dueQueues(now, limit)) {
			Integer n = this.transactions
				.execute((tx) -> this.pools.tryLockForDecision(poolId).map(this.decisions::dispatch).orElse(0));
			granted += (n != null) ? n : 0;
		}
		return granted;
	}

	@Override
	public PoolQueue<ReservationResponse> queue(String poolId, int limit) {
		Ids.requireResourceId("poolId", poolId);
		if (limit < 1 || limit > MAX_LIST) {
			throw new InvalidRequest("limit", "must be from 1 to " + MAX_LIST);
		}
		Pool pool = this.definitions.pool(poolId);
		Instant now = this.clock.instant();
		List<Reservation> queued = this.store.queuedUnlocked(poolId);
		Map<String, Reservation> byId = new HashMap<>();
		queued.forEach((r) -> byId.put(r.id(), r));
		QueuePlanner.Plan plan = planAsIs(pool, queued, now);
		List<ReservationResponse> answer = new ArrayList<>();
		for (QueuePlanner.Waiting w : plan.waiting()) {
			if (answer.size() >= limit) {
				break;
			}
			answer.add(ReservationResponse.queued(byId.get(w.request().id()), pool.unit(), now, w.position(),
					w.estimatedGrantAt()));
		}
		return new PoolQueue<>(poolId, pool.unit(), now, plan.waiting().size(), answer);
	}

	/** A queued request ended outside a decision: the queue's stamp moves. */
	void changed(String poolId) {
		this.queueStore.bumpQueueVersions(List.of(poolId));
	}

	/** Where a reservation stands: a queued one with its place and estimated grant. */
	ReservationResponse withPlace(Reservation r, Pool pool, Instant now) {
		if (r.statusAt(now) != ReservationStatus.QUEUED) {
			return ReservationResponse.of(r, pool.unit(), now);
		}
		QueuePlanner.Plan plan = planAsIs(pool, this.store.queuedUnlocked(pool.id()), now);
		for (QueuePlanner.Waiting w : plan.waiting()) {
			if (w.request().id().equals(r.id())) {
				return ReservationResponse.queued(r, pool.unit(), now, w.position(), w.estimatedGrantAt());
			}
		}
		return ReservationResponse.of(r, pool.unit(), now);
	}

	/** The pool's queue planned as things stand (no lock, nothing written). */
	private QueuePlanner.Plan planAsIs(Pool pool, List<Reservation> queued, Instant now) {
		List<QueuePlanner.Request> requests = DecisionQueues.requests(queued);
		return new QueuePlanner(this.loads.load(pool, now), now, List::of, this.queueStore.lastGrants(pool.id()),
				this.shares.elsewhere(requests, pool.id(), now, true))
			.plan(requests, true);
	}

}
