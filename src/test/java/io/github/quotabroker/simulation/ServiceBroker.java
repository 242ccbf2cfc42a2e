package io.github.quotabroker.simulation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.reservation.CommitRequest;
import io.github.quotabroker.reservation.ReservationRequest;
import io.github.quotabroker.reservation.ReservationResponse;
import io.github.quotabroker.queue.QueueGrants;
import io.github.quotabroker.reservation.ReservationService;
import io.github.quotabroker.simulation.FairShareSimulation.Broker;
import io.github.quotabroker.simulation.FairShareSimulation.Job;
import io.github.quotabroker.simulation.FairShareSimulation.Submitted;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Role;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real service on the real database: every request is a queued hold
 * ({@code "queue": true}), every ending piece of work a commit, and the pool's queue is
 * dispatched right after each commit and at each wake-up time the service stored, as the
 * queue dispatcher would (which the simulation stops, so that nothing runs on its own
 * clock).
 */
final class ServiceBroker implements Broker {

	private static final Caller ADMIN = new Caller("admin-token", Role.ADMIN, null, Set::of);

	private final ReservationService reservations;

	private final QueueGrants queue;

	private final JdbcClient jdbc;

	private final String poolId;

	/** Reservation id to job id, of requests not yet granted. */
	private final Map<String, String> waiting = new HashMap<>();

	/** Whether a request was decided since the queue was last looked at. */
	private boolean arrived;

	/** Job id to reservation id. */
	private final Map<String, String> ids = new HashMap<>();

	ServiceBroker(ReservationService reservations, QueueGrants queue, JdbcClient jdbc, String poolId) {
		this.reservations = reservations;
		this.queue = queue;
		this.jdbc = jdbc;
		this.poolId = poolId;
	}

	@Override
	public String name() {
		return "service";
	}

	@Override
	public Submitted submit(Job job, Instant now) {
		ReservationResponse r = this.reservations.create(ADMIN,
				// The job's id names the reservation, so that ties in the queue's order
				// (same tier, share and instant) break the same way in every run.
				new ReservationRequest(job.id(), job.team(), this.poolId, BigDecimal.valueOf(job.amount()),
						job.priority(), null, job.id(), job.ttl().toString(), null, null, true, null, null))
			.reservation();
		this.ids.put(job.id(), r.id());
		this.waiting.put(r.id(), job.id());
		this.arrived = true;
		return new Submitted(r.estimatedGrantAt());
	}

	@Override
	public void complete(Job job, Instant now) {
		this.reservations.commit(ADMIN, this.ids.get(job.id()), new CommitRequest(BigDecimal.valueOf(job.actual())));
	}

	@Override
	public List<String> granted(Instant now, boolean dispatch) {
		int dispatched = dispatch ? this.queue.dispatch(this.poolId) : 0;
		List<String> granted = new ArrayList<>();
		if (this.waiting.isEmpty() || (dispatched == 0 && !this.arrived)) {
			return granted;
		}
		this.arrived = false;
		List<String> held = this.jdbc
			.sql("select id from reservations where status = 'HELD' and id = any(?) order by id")
			.param(this.waiting.keySet().toArray(String[]::new))
			.query(String.class)
			.list();
		for (String id : held) {
			granted.add(this.waiting.remove(id));
		}
		return granted;
	}

	@Override
	public Instant nextWake(Instant now) {
		return this.jdbc.sql("select wake_at from queue_wakeups where pool_id = ?")
			.param(this.poolId)
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(null);
	}

}
