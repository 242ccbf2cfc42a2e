package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.quotabroker.fairshare.FairShare;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.audit.AuditEvent;
import io.github.quotabroker.reservation.PoolLoads;
import io.github.quotabroker.calibration.CalibrationService;
import io.github.quotabroker.calibration.Observation;
import io.github.quotabroker.calibration.ObservationsRecorded;
import io.github.quotabroker.capacity.HoldCap;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.reservation.ReservationsChanged;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.UsageRecorded;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.UsageService.CurrentUsage;
import io.github.quotabroker.usage.WindowUsage;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/** How much of each pool a team can still use, and when used quota comes back. */
@Service
public class AvailabilityService {

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final Clock clock;

	private final AvailabilityCache cache;

	private final PoolLoads loads;

	private final CalibrationService calibration;

	private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

	AvailabilityService(TeamService teams, PoolService pools, UsageService usage, PoolLoads loads,
			CalibrationService calibration, Clock clock, AvailabilityProperties properties) {
		this.loads = loads;
		this.calibration = calibration;
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
		this.cache = new AvailabilityCache(properties.cacheTtl());
	}

	/** Usage recorded through this instance: answers computed before it are stale. */
	@EventListener
	void usageRecorded(UsageRecorded event) {
		this.cache.invalidate();
	}

	/**
	 * Pools, teams or allocations changed (after commit, so no answer reads the old state
	 * anew).
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void definitionsChanged(AuditEvent event) {
		this.cache.invalidate();
	}

	/** A provider said something new about a pool (after commit). */
	@TransactionalEventListener(fallbackExecution = true)
	void observationsRecorded(ObservationsRecorded event) {
		this.cache.invalidate();
	}

	/** Reservations granted, used or ended (after commit). */
	@TransactionalEventListener(fallbackExecution = true)
	void reservationsChanged(ReservationsChanged event) {
		this.cache.invalidate();
	}

	/**
	 * Availability of every pool the team is allocated (or only {@code poolId}), now or
	 * as of a past instant. The present answer takes five small queries however many
	 * pools the team draws on.
	 */
	public TeamAvailability of(String teamId, String poolId, Instant asOf) {
		Ids.requireResourceId("teamId", teamId);
		Instant now = this.clock.instant();
		if (asOf != null && asOf.isAfter(now)) {
			throw new InvalidRequest("at", "must not be in the future");
		}
		Instant at = (asOf != null) ? asOf : now;
		String key = teamId + "|" + ((poolId != null) ? poolId : "");
		if (asOf == null && this.cache.enabled()) {
			TeamAvailability cached = this.cache.get(key, now);
			if (cached != null) {
				return cached;
			}
			return computeOnce(key, now, () -> compute(teamId, poolId, null, now, now));
		}
		return compute(teamId, poolId, asOf, at, now);
	}

	private record InFlight(long generation, Instant startedAt, CompletableFuture<TeamAvailability> answer) {
	}

	/**
	 * Lets concurrent requests for the same answer share one computation instead of all
	 * computing it when a cached answer ends. A request only joins a computation that
	 * started with nothing recorded or changed here since, and within the same minute
	 * (windows move on minute boundaries only), so it never gets an answer other than
	 * what it would compute itself.
	 */
	private TeamAvailability computeOnce(String key, Instant now, Supplier<TeamAvailability> computation) {
		long generation = this.cache.generation();
		InFlight mine = new InFlight(generation, now, new CompletableFuture<>());
		InFlight running = this.inFlight.putIfAbsent(key, mine);
		if (running != null && running.generation() == generation && !now.isBefore(running.startedAt())
				&& now.truncatedTo(ChronoUnit.MINUTES).equals(running.startedAt().truncatedTo(ChronoUnit.MINUTES))) {
			try {
				return running.answer().join();
			}
			catch (CompletionException ex) {
				// The leader failed; compute on our own and report our own outcome.
				return computation.get();
			}
		}
		if (running != null) {
			return computation.get();
		}
		try {
			TeamAvailability answer = computation.get();
			mine.answer().complete(answer);
			return answer;
		}
		catch (RuntimeException ex) {
			mine.answer().completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

	private TeamAvailability compute(String teamId, String poolId, Instant asOf, Instant at, Instant now) {
		String key = teamId + "|" + ((poolId != null) ? poolId : "");
		long generation = this.cache.generation();
		TeamPools team = this.teams.teamPools(teamId);
		List<String> poolIds = new ArrayList<>();
		for (String allocated : team.poolIds()) {
			if (poolId == null || poolId.equals(allocated)) {
				poolIds.add(allocated);
			}
		}
		if (poolId != null && poolIds.isEmpty()) {
			throw new UnknownAllocation(poolId, teamId);
		}
		List<Pool> pools = this.pools.byIds(poolIds);
		List<PoolAvailability> result = new ArrayList<>();
		Instant validUntil = Instant.MAX;
		if (asOf == null) {
			CurrentUsage current = this.usage.currentUsage(pools, team.teamId(), at);
			Map<String, PoolLoad> loads = this.loads.loads(pools, current, team.teamId(), at);
			Map<String, Observation> provider = this.calibration.providerPercents(poolIds, at);
			for (Pool pool : pools) {
				PoolLoad load = loads.get(pool.id());
				result.add(availability(pool, team.teamId(), team.zone(), current.byPool().get(pool.id()),
						current.minutesByPool().getOrDefault(pool.id(), List.of()), load,
						this.loads.holdable(load, team.teamId(), at), provider.get(pool.id())));
			}
			Instant nextChange = PoolLoad.nextChange(List.copyOf(loads.values()), at);
			if (nextChange != null) {
				validUntil = nextChange;
			}
		}
		else {
			for (Pool pool : pools) {
				WindowUsage u = this.usage.windowUsage(pool, team.teamId(), at, true);
				// As of a past instant, only the part of its minute up to it counts.
				List<MinuteUsage> minutes = pool.window().slides()
						? this.usage.minuteUsageAsOf(pool.id(), u.bounds().countsFrom(), at) : List.of();
				result.add(availability(pool, team.teamId(), team.zone(), u, minutes, null, 0, null));
			}
		}
		TeamAvailability answer = new TeamAvailability(team.teamId(), team.zone().getId(), at, result);
		if (asOf == null && this.cache.enabled()) {
			Instant until = validUntil(pools, now);
			this.cache.put(key, answer, generation, now, validUntil.isBefore(until) ? validUntil : until);
		}
		return answer;
	}

	/**
	 * When the first window of these pools moves: the next minute for rolling ones, the
	 * next reset.
	 */
	private static Instant validUntil(List<Pool> pools, Instant now) {
		Instant until = Instant.MAX;
		for (Pool pool : pools) {
			Instant change = pool.window().nextChange(now);
			if (change.isBefore(until)) {
				until = change;
			}
		}
		return until;
	}

	private static PoolAvailability availability(Pool pool, String teamId, ZoneId zone, WindowUsage u,
			List<MinuteUsage> minutes, PoolLoad load, long holdable, Observation provider) {
		Unit unit = pool.unit();
		HoldCap caps = (load != null) ? load.holdCap() : null;
		long remaining = Math.max(0, pool.limit() - u.used());
		List<RecoveryStep> recovery = RecoveryTimeline.of(pool.window(), u.bounds(), pool.limit(), u.used(), minutes,
				unit, zone);
		FairShare.Standing s = (load != null && load.fair() != null) ? load.fair().standing(teamId) : null;
		return new PoolAvailability(pool.id(), pool.name(), unit, unit.fromBase(pool.limit()), unit.fromBase(u.used()),
				unit.fromBase(u.teamUsed()), unit.fromBase(remaining),
				(load != null) ? unit.fromBase(load.reserved()) : null,
				(load != null) ? unit.fromBase(load.teamReserved()) : null,
				(load != null) ? unit.fromBase(holdable) : null, (s != null) ? unit.fromBase(s.share()) : null,
				(s != null && s.cap() != Long.MAX_VALUE) ? unit.fromBase(s.cap()) : null,
				(s != null) ? unit.fromBase(s.guaranteed()) : null, (s != null) ? unit.fromBase(s.borrowing()) : null,
				percent(u.used(), pool.limit()), QuotaStatus.of(u.used(), pool.limit(), pool.thresholds()),
				u.bounds().countsFrom(), u.bounds().nextReset(), recovery,
				(provider != null) ? provider.usedPercent() : null, (provider != null) ? provider.observedAt() : null,
				(caps != null) ? caps.active() : null, (caps != null) ? caps.poolCap() : null,
				(caps != null) ? caps.active(teamId) : null, (caps != null) ? caps.teamCap(teamId) : null);
	}

	static BigDecimal percent(long used, long limit) {
		return BigDecimal.valueOf(used)
			.multiply(BigDecimal.valueOf(100))
			.divide(BigDecimal.valueOf(limit), 2, RoundingMode.HALF_UP);
	}

}
