package io.github.quotabroker.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.Contributor;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;

/**
 * The anomalies of a team's usage over a range of complete hours, found the way the
 * scheduled detection finds them ({@link AnomalyFinder}), each with its top contributors
 * and, when it went out on the team's event stream, when.
 */
@Service
public class AnomalyService {

	private static final Duration DEFAULT_RANGE = Duration.ofDays(1);

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final AnomalyFinder finder;

	private final AnomalyRecords records;

	private final AnomalyProperties properties;

	private final Clock clock;

	AnomalyService(TeamService teams, PoolService pools, UsageService usage, AnomalyFinder finder,
			AnomalyRecords records, AnomalyProperties properties, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.finder = finder;
		this.records = records;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The team's anomalies in [from, to) (default: the last 24 complete hours), in every
	 * pool it is allocated or only in {@code poolId}. Hours are whole: {@code from} and
	 * {@code to} are taken back to the hour, and hours not yet complete are not examined.
	 */
	public TeamAnomalies forTeam(String teamId, String poolId, Instant from, Instant to) {
		Ids.requireResourceId("teamId", teamId);
		if (poolId != null && !Ids.isResourceId(poolId)) {
			throw new InvalidRequest("pool", Ids.RESOURCE_ID_RULE);
		}
		Instant complete = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		Instant end = (to != null) ? to : complete;
		Instant start = (from != null) ? from : end.minus(DEFAULT_RANGE);
		List<FieldError> errors = new ArrayList<>();
		if (!start.isBefore(end)) {
			errors.add(FieldError.of("from", "must be before to"));
		}
		else if (Duration.between(start, end).compareTo(this.properties.maxRange()) > 0) {
			errors.add(FieldError.of("from", "must be at most " + this.properties.maxRange() + " before to"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		TeamPools team = this.teams.teamPools(teamId);
		List<String> poolIds = new ArrayList<>();
		for (String allocated : team.poolIds()) {
			if (poolId == null || poolId.equals(allocated)) {
				poolIds.add(allocated);
			}
		}
		if (poolId != null && poolIds.isEmpty()) {
			this.pools.get(poolId);
			throw new UnknownAllocation(poolId, teamId);
		}
		start = start.truncatedTo(ChronoUnit.HOURS);
		end = min(end.truncatedTo(ChronoUnit.HOURS), complete);
		List<TeamAnomalies.PoolModel> models = new ArrayList<>();
		List<Anomaly> anomalies = new ArrayList<>();
		Map<AnomalyRecords.Key, Instant> announced = start.isBefore(end) ? this.records.announced(teamId, start, end)
				: Map.of();
		for (Pool pool : this.pools.byIds(poolIds)) {
			AnomalyFinder.Scan scan = this.finder.scan(pool, List.of(teamId), start, end);
			AnomalyDetector.Expectation e = scan.expectations().get(teamId);
			if (e != null) {
				models.add(new TeamAnomalies.PoolModel(pool.id(), pool.unit().name(), e.model(), e.reason(),
						e.available() ? AnomalyAnswers.amount(pool, e.scale()) : null));
			}
			List<Instant> hours = scan.findings()
				.stream()
				.filter((f) -> f.kind() == AnomalyKind.HOURLY_USAGE)
				.map(Finding::hour)
				.toList();
			Map<Instant, List<Contributor>> contributors = hours.isEmpty() ? new HashMap<>()
					: this.usage.contributors(pool.id(), teamId, hours, this.properties.topContributors());
			for (Finding f : scan.findings()) {
				Instant at = announced.get(new AnomalyRecords.Key(f.poolId(), f.kind(), f.hour(), f.subject()));
				anomalies.add(AnomalyAnswers.answer(f, pool, (f.kind() == AnomalyKind.HOURLY_USAGE)
						? contributors.getOrDefault(f.hour(), List.of()) : List.of(), at));
			}
		}
		anomalies.sort((a, b) -> {
			int byHour = a.hour().compareTo(b.hour());
			return (byHour != 0) ? byHour : a.poolId().compareTo(b.poolId());
		});
		return new TeamAnomalies(teamId, start, end, this.properties.warningZ(), this.properties.anomalyZ(), models,
				anomalies);
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
