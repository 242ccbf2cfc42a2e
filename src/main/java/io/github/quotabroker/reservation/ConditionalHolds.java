package io.github.quotabroker.reservation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.quotabroker.capacity.CapacityCheck;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.web.Conflict;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds on a caller's terms: another capability (admission, the slot finder) decides
 * under the pools' locks and holds atomically with its decision. A draft for a window is
 * booked as a scheduled reservation, as {@code POST /reservations} books it.
 */
@Service
public class ConditionalHolds {

	private final ReservationStore store;

	private final PoolService pools;

	private final PoolLoads loads;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ReservationMetrics metrics;

	private final Clock clock;

	ConditionalHolds(ReservationStore store, PoolService pools, PoolLoads loads,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events, ReservationMetrics metrics,
			Clock clock) {
		this.store = store;
		this.pools = pools;
		this.loads = loads;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** What {@link #holdIf} decided, and the holds it took. */
	public record HoldOutcome<T>(T decision, List<ReservationResponse> held) {
	}

	/**
	 * Lets a caller decide on its own terms (an admission check) and hold atomically with
	 * its decision: under the pools' locks, {@code decision} sees their loads, then the
	 * drafts it asks for are held, all or none.
	 * @param drafts the holds the decision asks for (empty: none)
	 * @throws QuotaExceeded when a draft does not fit after all
	 */
	public <T> HoldOutcome<T> holdIf(List<String> poolIds, String teamId, Function<Map<String, PoolLoad>, T> decision,
			Function<T, List<ReservationDraft>> drafts, ZoneId zone) {
		return this.transactions.execute((tx) -> {
			List<Pool> locked = this.pools.lockForDecision(poolIds);
			Instant now = this.clock.instant();
			Map<String, PoolLoad> loads = this.loads.loads(locked, teamId, now);
			T answer = decision.apply(loads);
			List<Reservation> rows = new ArrayList<>();
			Map<String, byte[]> hashes = new HashMap<>();
			List<ReservationResponse> held = new ArrayList<>();
			for (ReservationDraft d : drafts.apply(answer)) {
				PoolLoad load = loads.get(d.poolId());
				CapacityCheck.Verdict verdict = load.check(d.capacityRequest(), now, zone);
				this.metrics.decided(verdict.granted() ? "granted" : "rejected", d.kind());
				if (!verdict.granted()) {
					throw new QuotaExceeded(verdict.reason(), load.pool().unit().fromBase(verdict.available()),
							verdict.fitsFrom(), null);
				}
				ReservationStatus status = (d.kind() == ReservationKind.WINDOW) ? ReservationStatus.SCHEDULED
						: ReservationStatus.HELD;
				Reservation r = ReservationDecisions.newReservation(d, status, null, now, load);
				rows.add(r);
				hashes.put(r.id(), d.requestHash());
				held.add(ReservationResponse.of(r, load.pool().unit(), now));
			}
			if (this.store.insert(rows, hashes).size() != rows.size()) {
				throw new Conflict("A reservation id was already taken; nothing was held");
			}
			if (!rows.isEmpty()) {
				this.events.publishEvent(new ReservationsChanged(poolIds));
			}
			return new HoldOutcome<>(answer, held);
		});
	}

}
