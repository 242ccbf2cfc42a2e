package io.github.quotabroker.reservation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.pool.PoolDeleted;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.team.AllocationChanged;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pool definitions and teams' allocations as a request is checked before its decision,
 * kept for {@code quota.reservations.definitions-ttl}. Only what was found is kept, and
 * the decision re-checks both under the pool's lock (unit, allocation), so an entry
 * another instance made stale can delay a change by at most the ttl, never let a decision
 * use it.
 */
@Component
class DecisionDefinitions {

	private record Entry<T>(T value, long expiresAt) {
	}

	private final PoolService pools;

	private final TeamService teams;

	private final long ttlNanos;

	private final Map<String, Entry<Pool>> poolsById = new ConcurrentHashMap<>();

	private final Map<String, Entry<TeamPools>> teamsById = new ConcurrentHashMap<>();

	DecisionDefinitions(PoolService pools, TeamService teams, ReservationProperties properties) {
		this.pools = pools;
		this.teams = teams;
		this.ttlNanos = properties.definitionsTtl().toNanos();
	}

	Pool pool(String poolId) {
		Entry<Pool> e = this.poolsById.get(poolId);
		// nanoTime, not the clock: this is about this JVM's cache, not about quota time
		long now = System.nanoTime();
		if (e != null && now - e.expiresAt() < 0) {
			return e.value();
		}
		List<Pool> found = this.pools.byIds(List.of(poolId));
		if (found.isEmpty()) {
			this.poolsById.remove(poolId);
			throw new UnknownPool(poolId);
		}
		this.poolsById.put(poolId, new Entry<>(found.get(0), now + this.ttlNanos));
		return found.get(0);
	}

	TeamPools team(String teamId) {
		Entry<TeamPools> e = this.teamsById.get(teamId);
		long now = System.nanoTime();
		if (e != null && now - e.expiresAt() < 0) {
			return e.value();
		}
		TeamPools found = this.teams.teamPools(teamId);
		this.teamsById.put(teamId, new Entry<>(found, now + this.ttlNanos));
		return found;
	}

	/** Reads the team again next time (its allocation was not found under the lock). */
	void forgetTeam(String teamId) {
		this.teamsById.remove(teamId);
	}

	@EventListener
	void poolChanged(PoolChanged event) {
		this.poolsById.remove(event.poolId());
		this.teamsById.clear();
	}

	@EventListener
	void poolDeleted(PoolDeleted event) {
		this.poolsById.remove(event.poolId());
		this.teamsById.clear();
	}

	@EventListener
	void allocationChanged(AllocationChanged event) {
		this.teamsById.clear();
	}

}
