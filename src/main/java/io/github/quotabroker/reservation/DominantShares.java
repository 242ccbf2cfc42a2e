package io.github.quotabroker.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.queue.QueuePlanner;
import io.github.quotabroker.team.AllocationChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each team's largest share used in the other pools it draws on: with its share used in
 * the pool at hand, its dominant share, which orders a queue. Read without locks: it
 * orders requests, it never lets more be held than a pool has. Dispatches and answers
 * about a queue read it afresh; arrivals reuse it for
 * {@code quota.reservations.definitions-ttl}, so an arrival's place may be that much out
 * of date.
 */
@Component
class DominantShares {

	/** A team's share used in each pool it draws on, as read at {@code readAt}. */
	private record SharesUsed(Map<String, Double> byPool, long readAt) {
	}

	private final Map<String, SharesUsed> sharesUsed = new ConcurrentHashMap<>();

	private final DecisionDefinitions definitions;

	private final PoolLoads loads;

	private final ReservationProperties properties;

	DominantShares(DecisionDefinitions definitions, PoolLoads loads, ReservationProperties properties) {
		this.definitions = definitions;
		this.loads = loads;
		this.properties = properties;
	}

	/**
	 * The requests' teams' largest share used outside {@code poolId}.
	 * @param fresh whether to read it afresh
	 */
	Function<String, Double> elsewhere(List<QueuePlanner.Request> requests, String poolId, Instant now, boolean fresh) {
		Set<String> teams = new HashSet<>();
		requests.forEach((r) -> teams.add(r.teamId()));
		if (teams.size() < 2) {
			// One team's order among its own requests does not depend on its share.
			return (team) -> 0.0;
		}
		long nanos = System.nanoTime();
		List<String> stale = new ArrayList<>();
		for (String team : teams) {
			SharesUsed known = this.sharesUsed.get(team);
			if (fresh || known == null || nanos - known.readAt() > this.properties.definitionsTtl().toNanos()) {
				stale.add(team);
			}
		}
		if (!stale.isEmpty()) {
			read(stale, now, nanos);
		}
		Map<String, Double> max = new HashMap<>();
		for (String team : teams) {
			SharesUsed known = this.sharesUsed.get(team);
			double m = 0;
			if (known != null) {
				for (Map.Entry<String, Double> e : known.byPool().entrySet()) {
					if (!e.getKey().equals(poolId)) {
						m = Math.max(m, e.getValue());
					}
				}
			}
			max.put(team, m);
		}
		return (team) -> max.getOrDefault(team, 0.0);
	}

	private void read(List<String> stale, Instant now, long nanos) {
		Map<String, List<String>> poolsOf = new HashMap<>();
		Set<String> pools = new TreeSet<>();
		for (String team : stale) {
			List<String> ids = this.definitions.team(team).poolIds();
			poolsOf.put(team, ids);
			pools.addAll(ids);
		}
		List<Pool> defined = new ArrayList<>();
		for (String id : pools) {
			try {
				defined.add(this.definitions.pool(id));
			}
			catch (UnknownPool ex) {
				// deleted meanwhile: it weighs nothing
			}
		}
		Map<String, PoolLoad> loads = this.loads.loads(defined, null, now);
		for (String team : stale) {
			Map<String, Double> byPool = new HashMap<>();
			for (String id : poolsOf.get(team)) {
				PoolLoad load = loads.get(id);
				if (load != null && load.fair() != null && load.fair().has(team)) {
					byPool.put(id, load.fair().shareUsed(team));
				}
			}
			this.sharesUsed.put(team, new SharesUsed(byPool, nanos));
		}
	}

	@EventListener({ PoolChanged.class, AllocationChanged.class })
	void sharesChanged() {
		this.sharesUsed.clear();
	}

}
