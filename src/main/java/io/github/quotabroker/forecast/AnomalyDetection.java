package io.github.quotabroker.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.events.TeamEvent;
import io.github.quotabroker.events.TeamEventType;
import io.github.quotabroker.events.TeamEvents;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.usage.Contributor;
import io.github.quotabroker.usage.UsageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for new anomalies every {@code quota.forecast.anomalies.interval} on every
 * instance, over the last {@code lookback} complete hours of every allocated team, and
 * announces each once across instances: the instance whose record of it in
 * {@link AnomalyRecords} wins publishes a {@link TeamEventType#ANOMALY} event (on
 * commit), counts it in {@code quota.forecast.anomalies}, and after the commit publishes
 * {@link AnomalyDetected} for listeners in this instance. A pool whose recent hour
 * buckets did not change since this instance's last look is skipped.
 */
@Component
class AnomalyDetection {

	private static final Logger log = LoggerFactory.getLogger(AnomalyDetection.class);

	private final PoolService pools;

	private final TeamService teams;

	private final UsageService usage;

	private final AnomalyFinder finder;

	private final AnomalyRecords records;

	private final AnomalyMetrics metrics;

	private final TeamEvents teamEvents;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final AnomalyProperties properties;

	private final Clock clock;

	/**
	 * Per pool, what this instance looked at last: the hour and the buckets' fingerprint.
	 */
	private final Map<String, List<Object>> lastLook = new ConcurrentHashMap<>();

	AnomalyDetection(PoolService pools, TeamService teams, UsageService usage, AnomalyFinder finder,
			AnomalyRecords records, AnomalyMetrics metrics, TeamEvents teamEvents, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, AnomalyProperties properties, Clock clock) {
		this.pools = pools;
		this.teams = teams;
		this.usage = usage;
		this.finder = finder;
		this.records = records;
		this.metrics = metrics;
		this.teamEvents = teamEvents;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${quota.forecast.anomalies.interval:PT5M}",
			fixedDelayString = "${quota.forecast.anomalies.interval:PT5M}")
	void look() {
		try {
			detectNow();
		}
		catch (RuntimeException ex) {
			log.warn("Could not look for anomalies: {}", ex.getMessage());
		}
	}

	/** One look at every pool; answers what this instance announced. */
	List<AnomalyDetected> detectNow() {
		Instant now = this.clock.instant();
		Instant to = now.truncatedTo(ChronoUnit.HOURS);
		Instant from = to.minus(this.properties.lookback());
		Map<String, List<String>> teamsByPool = new HashMap<>();
		for (Allocation a : this.teams.allAllocations()) {
			teamsByPool.computeIfAbsent(a.poolId(), (k) -> new ArrayList<>()).add(a.teamId());
		}
		List<AnomalyDetected> announced = new ArrayList<>();
		List<Pool> all = this.pools.all();
		for (Pool pool : all) {
			List<String> teamIds = teamsByPool.getOrDefault(pool.id(), List.of());
			this.metrics.known(pool.id(), teamIds);
			if (teamIds.isEmpty()) {
				continue;
			}
			// Every finding depends on complete hours only; late usage moves the
			// fingerprint.
			List<Object> look = List.of(to, teamIds,
					this.usage.hourlyFingerprint(pool.id(), from.minus(Duration.ofDays(1)), to));
			if (look.equals(this.lastLook.get(pool.id()))) {
				continue;
			}
			try {
				announced.addAll(announce(pool, this.finder.scan(pool, teamIds, from, to).findings(), now));
				this.lastLook.put(pool.id(), look);
			}
			catch (RuntimeException ex) {
				log.warn("Could not look for anomalies in pool '{}': {}", pool.id(), ex.getMessage());
			}
		}
		this.lastLook.keySet().retainAll(all.stream().map(Pool::id).toList());
		return announced;
	}

	private List<AnomalyDetected> announce(Pool pool, List<Finding> findings, Instant now) {
		Map<String, List<Instant>> hoursByTeam = new HashMap<>();
		for (Finding f : findings) {
			if (f.kind() == AnomalyKind.HOURLY_USAGE) {
				hoursByTeam.computeIfAbsent(f.teamId(), (k) -> new ArrayList<>()).add(f.hour());
			}
		}
		Map<String, Map<Instant, List<Contributor>>> contributors = new HashMap<>();
		hoursByTeam.forEach((teamId, hours) -> contributors.put(teamId,
				this.usage.contributors(pool.id(), teamId, hours, this.properties.topContributors())));
		List<AnomalyDetected> announced = new ArrayList<>();
		for (Finding f : findings) {
			List<Contributor> top = contributors.getOrDefault(f.teamId(), Map.of()).getOrDefault(f.hour(), List.of());
			String message = AnomalyAnswers.message(f, pool, top);
			AnomalyDetected recorded = this.transaction.execute((tx) -> {
				if (!this.records.record(f, message, now)) {
					return null;
				}
				this.teamEvents.publish(new TeamEvent(TeamEventType.ANOMALY, f.teamId(), f.poolId(), null,
						f.severity().name(), message, now));
				this.metrics.countOnCommit(f.poolId(), f.teamId(), f.severity());
				// Inside the transaction: a listener's writes (a webhook's outbox row)
				// commit
				// with the record of the anomaly, or not at all.
				AnomalyDetected detected = new AnomalyDetected(f.teamId(), f.poolId(), f.kind(), f.severity(), f.hour(),
						f.subject().isEmpty() ? null : f.subject(), message, now);
				this.events.publishEvent(detected);
				return detected;
			});
			if (recorded != null) {
				announced.add(recorded);
			}
		}
		return announced;
	}

}
