package io.github.quotabroker.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.capacity.ActiveHold;
import io.github.quotabroker.capacity.HoldCap;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.team.AllocationTerm;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.UsageService.CurrentUsage;

import org.springframework.stereotype.Component;

/**
 * Reads pools' {@link PoolLoad} snapshots: their usage (from the usage package), their
 * active reservations (this package's table) and their allocations' terms (from the team
 * package). Under the pools' locks for decisions; without locks for answers that advise
 * (availability, admission without a hold, capacity projections, queue listings).
 */
@Component
public class PoolLoads {

	private final ReservationStore store;

	private final TeamService teams;

	private final UsageService usage;

	private final ReservationProperties properties;

	PoolLoads(ReservationStore store, TeamService teams, UsageService usage, ReservationProperties properties) {
		this.store = store;
		this.teams = teams;
		this.usage = usage;
		this.properties = properties;
	}

	/**
	 * The pools' usage and reservations now.
	 * @param teamId whose share of usage and reservations to report ({@code null}: none)
	 */
	public Map<String, PoolLoad> loads(List<Pool> pools, String teamId, Instant now) {
		// Reservations first, usage second.
		// Each statement sees what was committed when it started.
		// A hold's usage moves quota from held to used in one transaction, as commits do.
		// So reading held before used may count moved quota twice, but never misses it.
		// A decision may be too careful by what moved meanwhile,
		// but it never grants what is not there.
		Map<String, List<ActiveHold>> held = held(pools, now);
		Map<String, List<AllocationTerm>> terms = this.teams.allocationTerms(ids(pools));
		return build(pools, this.usage.currentUsage(pools, (teamId != null) ? teamId : "", now), held, terms, teamId,
				now);
	}

	/** As {@link #loads(List, String, Instant)}, from usage the caller already read. */
	public Map<String, PoolLoad> loads(List<Pool> pools, CurrentUsage current, String teamId, Instant now) {
		return build(pools, current, held(pools, now), this.teams.allocationTerms(ids(pools)), teamId, now);
	}

	/** One pool's load now, for answers that advise. */
	public PoolLoad load(Pool pool, Instant now) {
		return loads(List.of(pool), null, now).get(pool.id());
	}

	/**
	 * What a hold of the default ttl could take of the pool now (see
	 * {@link PoolLoad#holdable}).
	 */
	public long holdable(PoolLoad load, String teamId, Instant now) {
		return load.holdable(teamId, now, this.properties.defaultTtl());
	}

	private Map<String, List<ActiveHold>> held(List<Pool> pools, Instant now) {
		return pools.isEmpty() ? Map.of() : this.store.active(ids(pools), now);
	}

	private static List<String> ids(List<Pool> pools) {
		return pools.stream().map(Pool::id).toList();
	}

	private Map<String, PoolLoad> build(List<Pool> pools, CurrentUsage current, Map<String, List<ActiveHold>> held,
			Map<String, List<AllocationTerm>> terms, String teamId, Instant now) {
		Map<String, Map<String, HoldCap.Count>> inForce = holdsInForce(pools, terms, now);
		Map<String, PoolLoad> loads = new LinkedHashMap<>();
		for (Pool pool : pools) {
			String id = pool.id();
			loads.put(id,
					PoolLoad.of(pool, current.byPool().get(id), current.minutesByPool().getOrDefault(id, List.of()),
							current.teams(id), (team) -> current.minutes(id, team), held.getOrDefault(id, List.of()),
							terms.getOrDefault(id, List.of()), teamId, now, inForce.getOrDefault(id, Map.of())));
		}
		return loads;
	}

	/**
	 * Holds in force by team, only for pools where a cap on concurrent holds applies: an
	 * uncapped pool's decision pays nothing for the feature.
	 */
	private Map<String, Map<String, HoldCap.Count>> holdsInForce(List<Pool> pools,
			Map<String, List<AllocationTerm>> terms, Instant now) {
		List<String> capped = null;
		for (Pool pool : pools) {
			if (HoldCap.applies(pool, PoolLoad.holdCaps(terms.getOrDefault(pool.id(), List.of())))) {
				capped = (capped != null) ? capped : new ArrayList<>();
				capped.add(pool.id());
			}
		}
		return (capped != null) ? this.store.holdsInForce(capped, now) : Map.of();
	}

}
