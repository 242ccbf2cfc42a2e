package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.usage.UsageService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes per-pool and per-team×pool gauges (limit, used, remaining, percent used),
 * refreshed every {@code quota.metrics.refresh-interval}. Tags are {@code pool} and
 * {@code team} only, so cardinality stays at pools × teams. Each refresh also announces
 * pools whose colour changed to their teams ({@link PoolStatusChanges}).
 */
@Component
class AvailabilityMetrics {

	private static final Logger log = LoggerFactory.getLogger(AvailabilityMetrics.class);

	private final PoolService pools;

	private final TeamService teams;

	private final UsageService usage;

	private final Clock clock;

	private final PoolStatusChanges statusChanges;

	private final AvailabilityService availability;

	private final Map<String, MultiGauge> gauges = new HashMap<>();

	AvailabilityMetrics(PoolService pools, TeamService teams, UsageService usage, PoolStatusChanges statusChanges,
			AvailabilityService availability, Clock clock, MeterRegistry registry) {
		this.pools = pools;
		this.availability = availability;
		this.statusChanges = statusChanges;
		this.teams = teams;
		this.usage = usage;
		this.clock = clock;
		Map<String, String> descriptions = new HashMap<>(
				Map.of("quota.pool.limit", "Pool limit per window, in the pool's unit", "quota.pool.used",
						"Pool usage by all teams in the current window", "quota.pool.remaining",
						"Pool quota left in the current window", "quota.pool.used.percent",
						"Pool usage in percent of its limit", "quota.pool.status",
						"Pool status: 0 GREEN, 1 YELLOW, 2 ORANGE, 3 RED", "quota.team.limit",
						"Limit of a pool the team is allocated", "quota.team.used",
						"The team's usage of the pool in the current window", "quota.team.remaining",
						"Pool quota the team can still use in the current window", "quota.team.used.percent",
						"The team's usage in percent of the pool limit"));
		descriptions.putAll(Map.of("quota.team.share", "The team's fair share of the pool", "quota.team.cap",
				"Most the team may use and hold in the pool (absent without a borrowing limit)", "quota.team.reserved",
				"What the team's active holds take from the pool now", "quota.team.available",
				"What a hold by the team could take now", "quota.pool.recovery.1h",
				"Used quota of the pool that comes back within the next hour", "quota.pool.recovery.4h",
				"Used quota of the pool that comes back within the next four hours"));
		descriptions.forEach((name, description) -> this.gauges.put(name,
				MultiGauge.builder(name).description(description).register(registry)));
	}

	@Scheduled(initialDelayString = "PT5S", fixedDelayString = "${quota.metrics.refresh-interval:PT15S}")
	void refresh() {
		try {
			refreshNow();
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh quota gauges: {}", ex.getMessage());
		}
	}

	void refreshNow() {
		Instant now = this.clock.instant();
		Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
		this.gauges.keySet().forEach((name) -> rows.put(name, new ArrayList<>()));
		Map<String, List<Allocation>> allocationsByPool = new HashMap<>();
		for (Allocation a : this.teams.allAllocations()) {
			allocationsByPool.computeIfAbsent(a.poolId(), (k) -> new ArrayList<>()).add(a);
		}
		List<Pool> all = this.pools.all();
		for (Pool pool : all) {
			Map<String, Long> byTeam = this.usage.usageByTeam(pool, now);
			long used = byTeam.values().stream().mapToLong(Long::longValue).sum();
			double limit = pool.unit().fromBase(pool.limit()).doubleValue();
			double usedValue = pool.unit().fromBase(used).doubleValue();
			double remaining = pool.unit().fromBase(Math.max(0, pool.limit() - used)).doubleValue();
			Tags tags = Tags.of("pool", pool.id());
			rows.get("quota.pool.limit").add(MultiGauge.Row.of(tags, limit));
			rows.get("quota.pool.used").add(MultiGauge.Row.of(tags, usedValue));
			rows.get("quota.pool.remaining").add(MultiGauge.Row.of(tags, remaining));
			rows.get("quota.pool.used.percent")
				.add(MultiGauge.Row.of(tags, AvailabilityService.percent(used, pool.limit()).doubleValue()));
			QuotaStatus status = QuotaStatus.of(used, pool.limit(), pool.thresholds());
			rows.get("quota.pool.status").add(MultiGauge.Row.of(tags, status.ordinal()));
			List<Allocation> allocations = allocationsByPool.getOrDefault(pool.id(), List.of());
			announce(pool, status, AvailabilityService.percent(used, pool.limit()), allocations, now);
			for (Allocation a : allocations) {
				long teamUsed = byTeam.getOrDefault(a.teamId(), 0L);
				Tags teamTags = Tags.of("pool", pool.id(), "team", a.teamId());
				rows.get("quota.team.limit").add(MultiGauge.Row.of(teamTags, limit));
				rows.get("quota.team.used")
					.add(MultiGauge.Row.of(teamTags, pool.unit().fromBase(teamUsed).doubleValue()));
				rows.get("quota.team.remaining").add(MultiGauge.Row.of(teamTags, remaining));
				rows.get("quota.team.used.percent")
					.add(MultiGauge.Row.of(teamTags,
							AvailabilityService.percent(teamUsed, pool.limit()).doubleValue()));
			}
		}
		Set<String> recoveryDone = new HashSet<>();
		allocationsByPool.values()
			.stream()
			.flatMap(List::stream)
			.map(Allocation::teamId)
			.distinct()
			.forEach((teamId) -> addStanding(teamId, now, rows, recoveryDone));
		rows.forEach((name, list) -> this.gauges.get(name).register(list, true));
		this.statusChanges.retain(all.stream().map(Pool::id).toList());
	}

	/**
	 * Share, cap, holds and what is available, as the availability API answers the team,
	 * and the pool's recovery (the same for every team of a pool, so taken once).
	 */
	private void addStanding(String teamId, Instant now, Map<String, List<MultiGauge.Row<?>>> rows,
			Set<String> recoveryDone) {
		TeamAvailability answer;
		try {
			answer = this.availability.of(teamId, null, null);
		}
		catch (RuntimeException ex) {
			// Deleted between the two reads, or the database is busy.
			// The next refresh tries again.
			log.warn("Could not refresh the standing of team '{}': {}", teamId, ex.getMessage());
			return;
		}
		for (PoolAvailability p : answer.pools()) {
			Tags tags = Tags.of("pool", p.poolId(), "team", teamId);
			addIfPresent(rows.get("quota.team.share"), tags, p.share());
			addIfPresent(rows.get("quota.team.cap"), tags, p.cap());
			addIfPresent(rows.get("quota.team.reserved"), tags, p.teamReserved());
			addIfPresent(rows.get("quota.team.available"), tags, p.available());
			Tags poolTags = Tags.of("pool", p.poolId());
			if (recoveryDone.add(p.poolId())) {
				rows.get("quota.pool.recovery.1h")
					.add(MultiGauge.Row.of(poolTags, recoveredBy(p, now.plusSeconds(3600))));
				rows.get("quota.pool.recovery.4h")
					.add(MultiGauge.Row.of(poolTags, recoveredBy(p, now.plusSeconds(4 * 3600))));
			}
		}
	}

	private static void addIfPresent(List<MultiGauge.Row<?>> rows, Tags tags, BigDecimal value) {
		if (value != null) {
			rows.add(MultiGauge.Row.of(tags, value.doubleValue()));
		}
	}

	/** What of the used quota is back by {@code until}. */
	private static double recoveredBy(PoolAvailability p, Instant until) {
		return p.recovery()
			.stream()
			.filter((step) -> !step.freedBy().isAfter(until))
			.map(RecoveryStep::amount)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.doubleValue();
	}

	/** Tells the pool's teams when its colour changed (once across instances). */
	private void announce(Pool pool, QuotaStatus status, BigDecimal percentUsed, List<Allocation> allocations,
			Instant now) {
		try {
			this.statusChanges.observed(pool.id(), status, percentUsed,
					allocations.stream().map(Allocation::teamId).toList(), now);
		}
		catch (RuntimeException ex) {
			// The gauges matter more than the announcement; the next refresh tries again.
			log.warn("Could not announce the status of pool '{}': {}", pool.id(), ex.getMessage());
		}
	}

}
