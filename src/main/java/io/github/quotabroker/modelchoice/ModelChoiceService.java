package io.github.quotabroker.modelchoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;

import org.springframework.stereotype.Service;

/**
 * Reads what {@link ModelChoice} needs when an answer defers or denies: the refused
 * pools' alternatives ({@link PoolService}), which of them the team is allocated to, and
 * their loads now ({@link PoolLoads}, without locks: this is advice). Never called on an
 * ADMIT; a pool without alternatives costs one small read.
 */
@Service
public class ModelChoiceService {

	private final PoolService pools;

	private final TeamService teams;

	private final PoolLoads loads;

	private final AdmissionTrial trial;

	ModelChoiceService(PoolService pools, TeamService teams, PoolLoads loads, AdmissionTrial trial) {
		this.pools = pools;
		this.teams = teams;
		this.loads = loads;
		this.trial = trial;
	}

	/**
	 * What the advice for a team's work on some pools is made from, read once: a schedule
	 * asks it for each infeasible task.
	 */
	public final class Options {

		private final Team team;

		private final Map<String, List<String>> alternativesOf;

		private final Map<String, PoolLoad> loads;

		private final Instant now;

		private Options(Team team, Map<String, List<String>> alternativesOf, Map<String, PoolLoad> loads, Instant now) {
			this.team = team;
			this.alternativesOf = alternativesOf;
			this.loads = loads;
			this.now = now;
		}

		/**
		 * The first alternative that admits the work now, or {@code null}.
		 * @param refused the pools that deferred or denied it, the strictest first
		 * @param drawn every pool the work draws on
		 */
		public Alternative advise(List<Pool> refused, Collection<String> drawn, ModelChoice.Work work) {
			if (this.loads.isEmpty()) {
				return null;
			}
			return ModelChoice.choose(refused, this.alternativesOf, this.loads, Set.copyOf(drawn), work.priority(),
					(load) -> ModelChoiceService.this.trial.admitsNow(this.team, load, work, this.now));
		}

	}

	/** Reads the alternatives of these pools for the team, and their loads now. */
	public Options options(Team team, Collection<Pool> refused, Instant now) {
		Map<String, Pool> byId = new LinkedHashMap<>();
		refused.forEach((p) -> byId.putIfAbsent(p.id(), p));
		List<Pool> asked = List.copyOf(byId.values());
		Map<String, List<String>> alternativesOf = this.pools.alternatives(asked.stream().map(Pool::id).toList());
		if (alternativesOf.isEmpty()) {
			return new Options(team, Map.of(), Map.of(), now);
		}
		Set<String> allocated = Set.copyOf(this.teams.teamPools(team.id()).poolIds());
		Set<String> candidates = new LinkedHashSet<>();
		alternativesOf.values().forEach((ids) -> ids.stream().filter(allocated::contains).forEach(candidates::add));
		if (candidates.isEmpty()) {
			return new Options(team, Map.of(), Map.of(), now);
		}
		List<Pool> read = new ArrayList<>(asked);
		Set<String> askedIds = Set.copyOf(asked.stream().map(Pool::id).toList());
		this.pools.byIds(List.copyOf(candidates)).stream().filter((p) -> !askedIds.contains(p.id())).forEach(read::add);
		Map<String, PoolLoad> loaded = new LinkedHashMap<>(this.loads.loads(read, team.id(), now));
		return new Options(team, alternativesOf, loaded, now);
	}

	/** The first alternative that admits the work now, or {@code null}. */
	public Alternative advise(Team team, List<Pool> refused, Collection<String> drawn, ModelChoice.Work work,
			Instant now) {
		if (refused.isEmpty()) {
			return null;
		}
		return options(team, refused, now).advise(refused, drawn, work);
	}

}
