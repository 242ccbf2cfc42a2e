package io.github.quotabroker.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.audit.AuditEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Defines pools of quota: what they count, how much, and over which window. */
@Service
public class PoolService {

	private final PoolRepository repository;

	private final PoolCatalogue catalogue;

	private final List<PoolUsageProbe> usageProbes;

	private final List<PoolChangeGuard> changeGuards;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PoolService(PoolRepository repository, PoolCatalogue catalogue, List<PoolUsageProbe> usageProbes,
			List<PoolChangeGuard> changeGuards, ApplicationEventPublisher events, Clock clock) {
		this.repository = repository;
		this.catalogue = catalogue;
		this.usageProbes = usageProbes;
		this.changeGuards = changeGuards;
		this.events = events;
		this.clock = clock;
	}

	/** The result of a create-or-replace. */
	public record Saved(Pool pool, boolean created) {
	}

	@Transactional
	public Saved put(String id, PoolRequest request) {
		PoolDefinitions.checkId(id);
		Instant now = this.clock.instant();
		PoolEntity entity = this.repository.findById(id).orElse(null);
		boolean created = entity == null;
		Pool pool = PoolDefinitions.toPool(id, request, created ? now : entity.createdAt, now,
				created ? null : entity.calibratedLimit);
		if (created) {
			entity = new PoolEntity();
		}
		else if (!entity.unit.equals(pool.unit().name()) && inUse(PoolMapping.toPool(entity))) {
			throw new PoolInUse("Pool '" + id + "' has usage or reservations in its current window; its unit "
					+ "cannot change from " + entity.unit + " until the window is empty");
		}
		if (!created) {
			// Under the row lock that quota decisions and allocation changes take.
			this.catalogue.lockForDecision(List.of(id));
			Pool current = PoolMapping.toPool(entity);
			this.changeGuards.forEach((guard) -> guard.check(current, pool));
		}
		PoolResponse before = created ? null : PoolResponse.of(PoolMapping.toPool(entity));
		PoolMapping.copy(pool, entity);
		this.repository.save(entity);
		this.events
			.publishEvent(new AuditEvent(created ? "CREATE" : "REPLACE", "pool", id, before, PoolResponse.of(pool)));
		this.events.publishEvent(new PoolChanged(id));
		return new Saved(pool, created);
	}

	@Transactional(readOnly = true)
	public Pool get(String id) {
		return this.repository.findById(id).map(PoolMapping::toPool).orElseThrow(() -> new UnknownPool(id));
	}

	/** Every pool, ordered by id. */
	public List<Pool> all() {
		return this.catalogue.all();
	}

	/** The pools with these ids, in the order given; ids of deleted pools are skipped. */
	public List<Pool> byIds(List<String> ids) {
		java.util.Map<String, Pool> found = new java.util.HashMap<>();
		this.catalogue.byIds(ids).forEach((p) -> found.put(p.id(), p));
		return ids.stream().filter(found::containsKey).map(found::get).toList();
	}

	/**
	 * The pools with these ids, each locked against other quota decisions until the
	 * caller's transaction ends (ordered by id; missing ids are skipped).
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public List<Pool> lockForDecision(List<String> ids) {
		return this.catalogue.lockForDecision(ids);
	}

	/**
	 * The pool, locked as by {@link #lockForDecision}, or empty when another transaction
	 * holds that lock (or the pool is gone): for work that someone else is doing anyway.
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public java.util.Optional<Pool> tryLockForDecision(String id) {
		return this.catalogue.tryLockForDecision(id);
	}

	/**
	 * Keeps the calibration's estimate of the pool's limit ({@code null}: none good
	 * enough to decide with); a {@link LimitMode#CALIBRATED} pool's decisions use it from
	 * the next one on.
	 */
	@Transactional
	public void recordCalibratedLimit(String id, Long amount) {
		if (amount != null && amount <= 0) {
			throw new IllegalArgumentException("a calibrated limit is positive");
		}
		PoolEntity entity = this.repository.findById(id).orElseThrow(() -> new UnknownPool(id));
		if (this.catalogue.recordCalibratedLimit(id, amount)) {
			// Audited like an admin's change: a CALIBRATED pool's decisions follow this
			// limit.
			Pool before = PoolMapping.toPool(entity);
			this.events.publishEvent(new AuditEvent("CALIBRATE", "pool", id, PoolResponse.of(before),
					PoolResponse.of(before.withCalibratedLimit(amount))));
			this.events.publishEvent(new PoolChanged(id));
		}
	}

	private boolean inUse(Pool pool) {
		return this.usageProbes.stream().anyMatch((probe) -> probe.hasUsageInCurrentWindow(pool));
	}

	public boolean exists(String id) {
		return this.repository.existsById(id);
	}

	@Transactional
	public void delete(String id) {
		PoolEntity entity = this.repository.findById(id).orElseThrow(() -> new UnknownPool(id));
		if (inUse(PoolMapping.toPool(entity))) {
			throw new PoolInUse("Pool '" + id + "' has usage or active reservations in its current window; delete it "
					+ "once the window holds no usage and its reservations have ended");
		}
		this.repository.delete(entity);
		this.events.publishEvent(new PoolDeleted(id));
		this.events
			.publishEvent(new AuditEvent("DELETE", "pool", id, PoolResponse.of(PoolMapping.toPool(entity)), null));
	}

}
