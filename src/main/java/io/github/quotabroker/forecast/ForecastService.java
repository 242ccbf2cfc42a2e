package io.github.quotabroker.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.quotabroker.availability.AvailabilityService;
import io.github.quotabroker.availability.PoolAvailability;
import io.github.quotabroker.availability.TeamAvailability;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolChanged;
import io.github.quotabroker.pool.PoolDeleted;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.WindowBounds;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.TeamService.TeamPools;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.UsageEvent;
import io.github.quotabroker.usage.UsageRecorded;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.UsageService.CurrentUsage;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Forecasts for a team's pools and for a whole pool: reads the hourly history, the
 * current window and the availability answer (holds, scheduled windows and the fair-share
 * cap are in it), and leaves the arithmetic to {@link HourlyForecaster},
 * {@link Outlooks}, {@link Runway}, {@link Pace} and {@link Advice}.
 */
@Service
public class ForecastService {

	/** Issue #12: horizons up to 31 days. */
	static final Duration MAX_HORIZON = Duration.ofDays(31);

	static final long MAX_POINTS = 10_000;

	private static final Duration HOUR = Duration.ofHours(1);

	/** Hours whose buckets make the fingerprint: late usage lands in recent hours. */
	private static final Duration FINGERPRINT_SPAN = Duration.ofDays(1);

	/** The span workflow runs are learnt from (issue #12: 7 days). */
	static final Duration WORKFLOW_HISTORY = Duration.ofDays(7);

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final AvailabilityService availability;

	private final ForecastProperties properties;

	private final Clock clock;

	private final FittedPools fitted;

	private final ForecastReuse<TeamForecast> answers = new ForecastReuse<>();

	ForecastService(TeamService teams, PoolService pools, UsageService usage, AvailabilityService availability,
			ForecastProperties properties, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.availability = availability;
		this.properties = properties;
		this.clock = clock;
		this.fitted = new FittedPools(properties.refitCheckInterval());
	}

	@EventListener
	void poolChanged(PoolChanged event) {
		this.fitted.forget(event.poolId());
	}

	@EventListener
	void poolDeleted(PoolDeleted event) {
		this.fitted.forget(event.poolId());
	}

	/**
	 * Usage recorded through this instance for a complete hour may move a fit: the next
	 * forecast checks the fingerprints at once instead of after the recheck interval.
	 * Usage in the current hour never moves a fit.
	 */
	@EventListener
	void usageRecorded(UsageRecorded event) {
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		for (UsageEvent e : event.events()) {
			if (e.occurredAt().isBefore(hour)) {
				this.fitted.suspect();
				return;
			}
		}
	}

	/**
	 * The forecast of every pool the team is allocated, or only of {@code poolId}; reused
	 * while the availability answer it is computed from is ({@link ForecastReuse}).
	 */
	public TeamForecast forTeam(String teamId, String poolId, Duration horizon, Duration step) {
		Ids.requireResourceId("teamId", teamId);
		Duration[] checked = checked(horizon, step);
		// Unknown team or pool: the availability answer says so (404).
		TeamAvailability basis = this.availability.of(teamId, poolId, null);
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		String key = teamId + "|" + ((poolId != null) ? poolId : "") + "|" + checked[0] + "|" + checked[1];
		return this.answers.get(key, basis, hour, () -> compute(teamId, poolId, checked, basis));
	}

	private TeamForecast compute(String teamId, String poolId, Duration[] checked, TeamAvailability basis) {
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
		Instant now = this.clock.instant();
		List<Pool> pools = this.pools.byIds(poolIds);
		// One read each for all pools: availability (cached), window usage, recent usage.
		Map<String, PoolAvailability> seen = new HashMap<>();
		for (PoolAvailability p : basis.pools()) {
			seen.put(p.poolId(), p);
		}
		// Window usage comes with the availability answer; only rolling pools need their
		// minute buckets read (what rolls off when), calendar pools nothing more.
		CurrentUsage rolling = this.usage.currentUsage(pools.stream().filter((p) -> p.window().slides()).toList(),
				teamId, now);
		Map<String, long[]> recent = this.usage.usageSince(poolIds, teamId, recentFrom(now));
		List<Outlook> outlooks = new ArrayList<>();
		for (Pool pool : pools) {
			PoolAvailability p = seen.get(pool.id());
			long held = (p.reserved() != null) ? pool.unit().toBase(p.reserved()) : 0;
			Usage usage = new Usage(pool.window().boundsAt(now), pool.unit().toBase(p.used()),
					pool.unit().toBase(p.teamUsed()), rolling.minutesByPool().getOrDefault(pool.id(), List.of()),
					rolling.minutes(pool.id(), teamId));
			outlooks.add(outlook(pool, teamId, team.zone(), p, usage, recent.get(pool.id())[1], now, checked[0],
					checked[1], held));
		}
		return new TeamForecast(teamId, team.zone().getId(), now, checked[0].toString(), checked[1].toString(),
				outlooks);
	}

	/**
	 * The pool's own forecast and one per allocated team; callers other than admins see
	 * only their own team's entry.
	 */
	public PoolForecast forPool(Caller caller, String poolId, Duration horizon, Duration step) {
		Duration[] checked = checked(horizon, step);
		Pool pool = this.pools.get(poolId);
		Instant now = this.clock.instant();
		List<Allocation> allocations = this.teams.allocationsOfPool(poolId);
		CurrentUsage current = this.usage.currentUsage(List.of(pool), "", now);
		Map<String, Long> recentByTeam = this.usage.usageSinceByTeam(pool.id(), recentFrom(now));
		List<Outlook> entries = new ArrayList<>();
		long held = 0;
		for (Allocation allocation : allocations) {
			String teamId = allocation.teamId();
			PoolAvailability seen = this.availability.of(teamId, poolId, null).pools().get(0);
			if (seen.reserved() != null) {
				held = pool.unit().toBase(seen.reserved());
			}
			if (caller == null || caller.isAdmin() || caller.actsFor(teamId)) {
				ZoneId zone = this.teams.teamPools(teamId).zone();
				long poolHeld = (seen.reserved() != null) ? pool.unit().toBase(seen.reserved()) : 0;
				entries.add(outlook(pool, teamId, zone, seen, Usage.of(pool, current, teamId),
						recentByTeam.getOrDefault(teamId, 0L), now, checked[0], checked[1], poolHeld));
			}
		}
		long recentPool = recentByTeam.values().stream().mapToLong(Long::longValue).sum();
		Outlook whole = outlook(pool, null, ZoneId.of("UTC"), null, Usage.of(pool, current, null), recentPool, now,
				checked[0], checked[1], held);
		return new PoolForecast(poolId, now, checked[0].toString(), checked[1].toString(), whole, entries);
	}

	private Instant recentFrom(Instant now) {
		return now.minus(this.properties.recentWindow()).truncatedTo(ChronoUnit.MINUTES);
	}

	/**
	 * The pool's usage in its window now and, for a rolling pool, its minute buckets (the
	 * team's own, or the pool's again for the pool's own outlook).
	 */
	private record Usage(WindowBounds bounds, long used, long teamUsed, List<MinuteUsage> poolMinutes,
			List<MinuteUsage> teamMinutes) {

		static Usage of(Pool pool, CurrentUsage current, String teamId) {
			long used = current.byPool().get(pool.id()).used();
			List<MinuteUsage> minutes = current.minutesByPool().getOrDefault(pool.id(), List.of());
			return new Usage(current.byPool().get(pool.id()).bounds(), used,
					(teamId != null) ? current.teams(pool.id()).getOrDefault(teamId, 0L) : used, minutes,
					(teamId != null) ? current.minutes(pool.id(), teamId) : minutes);
		}

	}

	/**
	 * @param current the pool's window usage now
	 * @param recentUsed the team's (or pool's) usage over the recent window
	 * @param held what active reservations of all teams hold in the pool now
	 */
	private Outlook outlook(Pool pool, String teamId, ZoneId zone, PoolAvailability seen, Usage current,
			long recentUsed, Instant now, Duration horizon, Duration step, long held) {
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		FittedPools.Fitted fit = fitted(pool, hour, now);
		int steps = (int) MAX_HORIZON.toHours() + 1;
		HourlyProjection whole = fit.projection(null, steps);
		HourlyProjection own = (teamId != null) ? fit.projection(teamId, steps) : whole;
		WindowBounds bounds = current.bounds();
		long used = current.used();
		long teamUsed = current.teamUsed();
		Map<Instant, Long> poolReturning = new HashMap<>();
		Map<Instant, Long> teamReturning = new HashMap<>();
		if (pool.window() instanceof RollingWindow rolling) {
			returning(rolling, current.poolMinutes(), poolReturning);
			returning(rolling, current.teamMinutes(), teamReturning);
		}
		long available;
		Long share = null;
		Long cap = null;
		long teamHeld = 0;
		if (seen != null) {
			available = (seen.available() != null) ? pool.unit().toBase(seen.available())
					: pool.unit().toBase(seen.remaining());
			share = (seen.share() != null) ? pool.unit().toBase(seen.share()) : null;
			cap = (seen.cap() != null) ? pool.unit().toBase(seen.cap()) : null;
			teamHeld = (seen.teamReserved() != null) ? pool.unit().toBase(seen.teamReserved()) : 0;
		}
		else {
			available = Math.max(0, pool.limit() - used - held);
		}
		List<Long> workflowRuns = (teamId != null) ? fit.workflowRuns(teamId,
				() -> this.usage.workflowAmounts(pool.id(), teamId, hour.minus(WORKFLOW_HISTORY), hour)) : null;
		return Outlooks.of(new OutlookSnapshot(pool, teamId, zone, now, horizon, step, own, whole, hour, used, teamUsed,
				held, available, share, cap, teamHeld, poolReturning, teamReturning, bounds.countsFrom(),
				bounds.nextReset(), this.properties.recentWindow(), recentUsed, this.properties.paceWarning(),
				this.properties.paceCritical(), workflowRuns));
	}

	private static void returning(RollingWindow rolling, List<MinuteUsage> minutes, Map<Instant, Long> into) {
		for (MinuteUsage m : minutes) {
			into.merge(rolling.freedAt(m.bucketStart()), m.amount(), Long::sum);
		}
	}

	/**
	 * The pool's history before {@code hour} and its fits: reused while no usage lands in
	 * the last day's complete hours (checked at once after usage for a complete hour was
	 * recorded here, else every {@code quota.forecast.refit-check-interval}).
	 */
	private FittedPools.Fitted fitted(Pool pool, Instant hour, Instant now) {
		return this.fitted.get(pool.id(), hour, now,
				() -> this.usage.hourlyFingerprint(pool.id(), hour.minus(FINGERPRINT_SPAN), hour), (fingerprint) -> {
					Instant from = hour.minus(this.properties.history());
					Map<String, long[]> byTeam = this.usage.hourlyByTeam(pool.id(), from, hour);
					int hours = (int) Duration.between(from, hour).toHours();
					double[] total = new double[hours];
					Map<String, double[]> teamSeries = new HashMap<>();
					byTeam.forEach((teamId, amounts) -> {
						double[] series = new double[hours];
						for (int i = 0; i < hours; i++) {
							series[i] = amounts[i];
							total[i] += amounts[i];
						}
						teamSeries.put(teamId, series);
					});
					return new FittedPools.Fitted(hour, fingerprint, teamSeries, total);
				});
	}

	/** Horizon and step, defaulted and checked; 400 naming the parameter otherwise. */
	static Duration[] checked(Duration horizon, Duration step) {
		Duration h = (horizon != null) ? horizon : Duration.ofDays(7);
		Duration s = (step != null) ? step : HOUR;
		List<FieldError> errors = new ArrayList<>();
		if (h.isNegative() || h.isZero() || h.compareTo(MAX_HORIZON) > 0) {
			errors.add(FieldError.of("horizon", "must be more than zero and at most P31D"));
		}
		if (s.compareTo(Duration.ofMinutes(1)) < 0 || s.toSecondsPart() != 0 || s.toNanosPart() != 0) {
			errors.add(FieldError.of("step", "must be whole minutes, at least PT1M"));
		}
		if (errors.isEmpty() && (h.toSeconds() + s.toSeconds() - 1) / s.toSeconds() > MAX_POINTS) {
			errors.add(FieldError.of("step", "gives more than " + MAX_POINTS + " points; use a larger step"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return new Duration[] { h, s };
	}

}
