package io.github.quotabroker.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.audit.AuditEvent;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Defines pools of quota: what they count, how much, and over which window. */
@Service
public class PoolService {

	private final PoolRepository repository;

	private final PoolCatalogue catalogue;

	private final PoolAlternatives alternatives;

	private final List<PoolUsageProbe> usageProbes;

	private final List<PoolChangeGuard> changeGuards;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PoolService(PoolRepository repository, PoolCatalogue catalogue, PoolAlternatives alternatives,
			List<PoolUsageProbe> usageProbes, List<PoolChangeGuard> changeGuards, ApplicationEventPublisher events,
			Clock clock) {
		this.repository = repository;
		this.catalogue = catalogue;
		this.alternatives = alternatives;
		this.usageProbes = usageProbes;
		this.changeGuards = changeGuards;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The result of a create-or-replace.
	 *
	 * @param alternatives the pool's alternatives, in order
	 */
	public record Saved(Pool pool, boolean created, List<String> alternatives) {
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
		List<String> alternatives = PoolDefinitions.alternatives(id, request.alternatives(), new ArrayList<>());
		Set<String> existing = this.alternatives.existing(alternatives);
		if (existing.size() < alternatives.size()) {
			List<FieldError> unknown = new ArrayList<>();
			for (int i = 0; i < request.alternatives().size(); i++) {
				String named = request.alternatives().get(i);
				if (!existing.contains(named)) {
					unknown.add(FieldError.of("alternatives[" + i + "]", "no pool is named '" + named + "'"));
				}
			}
			throw new InvalidRequest(unknown);
		}
		PoolResponse before = created ? null : PoolResponse.of(PoolMapping.toPool(entity), alternativesOf(id));
		PoolMapping.copy(pool, entity);
		// Flushed so that the alternatives' rows can reference a new pool's row.
		this.repository.saveAndFlush(entity);
		this.alternatives.replace(id, alternatives);
		this.events.publishEvent(new AuditEvent(created ? "CREATE" : "REPLACE", "pool", id, before,
				PoolResponse.of(pool, alternatives)));
		this.events.publishEvent(new PoolChanged(id));
		return new Saved(pool, created, alternatives);
	}

	/** The pool's alternatives, in order (issue #14, model-choice advice). */
	public List<String> alternativesOf(String id) {
		return this.alternatives.of(List.of(id)).getOrDefault(id, List.of());
	}

	/** The alternatives of each of these pools that has any, in order. */
	public Map<String, List<String>> alternatives(Collection<String> ids) {
		return this.alternatives.of(ids);
	}

	/** Every pool's alternatives (pools without any are left out). */
	public Map<String, List<String>> allAlternatives() {
		return this.alternatives.all();
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
			List<String> alternatives = alternativesOf(id);
			this.events.publishEvent(new AuditEvent("CALIBRATE", "pool", id, PoolResponse.of(before, alternatives),
					PoolResponse.of(before.withCalibratedLimit(amount), alternatives)));
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
		List<String> namedBy = this.alternatives.namedBy(id);
		if (!namedBy.isEmpty()) {
			// Refused rather than removed from their lists: their admins chose it.
			throw new PoolInUse("Pool '" + id + "' is an alternative of "
					+ String.join(", ", namedBy.stream().map((p) -> "'" + p + "'").toList())
					+ "; remove it from their alternatives (PUT /pools/{poolId}) before deleting it");
		}
		List<String> alternatives = alternativesOf(id);
		this.repository.delete(entity);
		this.events.publishEvent(new PoolDeleted(id));
		this.events.publishEvent(
				new AuditEvent("DELETE", "pool", id, PoolResponse.of(PoolMapping.toPool(entity), alternatives), null));
	}

}
