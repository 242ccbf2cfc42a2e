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
import java.util.concurrent.ConcurrentHashMap;

import io.github.quotabroker.availability.AvailabilityService;
import io.github.quotabroker.availability.PoolAvailability;
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

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final AvailabilityService availability;

	private final ForecastProperties properties;

	private final Clock clock;

	private final FittedPools fitted = new FittedPools();

	ForecastService(TeamService teams, PoolService pools, UsageService usage, AvailabilityService availability,
			ForecastProperties properties, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.availability = availability;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	void poolChanged(PoolChanged event) {
		this.fitted.forget(event.poolId());
	}

	@EventListener
	void poolDeleted(PoolDeleted event) {
		this.fitted.forget(event.poolId());
	}

	/** The forecast of every pool the team is allocated, or only of {@code poolId}. */
	public TeamForecast forTeam(String teamId, String poolId, Duration horizon, Duration step) {
		Ids.requireResourceId("teamId", teamId);
		Duration[] checked = checked(horizon, step);
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
		List<Outlook> outlooks = new ArrayList<>();
		for (Pool pool : this.pools.byIds(poolIds)) {
			PoolAvailability seen = this.availability.of(teamId, pool.id(), null).pools().get(0);
			outlooks.add(outlook(pool, teamId, team.zone(), seen, now, checked[0], checked[1]));
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
		List<Outlook> entries = new ArrayList<>();
		long held = 0;
		for (Allocation allocation : this.teams.allocationsOfPool(poolId)) {
			String teamId = allocation.teamId();
			PoolAvailability seen = this.availability.of(teamId, poolId, null).pools().get(0);
			if (seen.reserved() != null) {
				held = pool.unit().toBase(seen.reserved());
			}
			if (caller == null || caller.isAdmin() || caller.actsFor(teamId)) {
				ZoneId zone = this.teams.teamPools(teamId).zone();
				entries.add(outlook(pool, teamId, zone, seen, now, checked[0], checked[1]));
			}
		}
		Outlook whole = outlook(pool, null, ZoneId.of("UTC"), null, now, checked[0], checked[1], held);
		return new PoolForecast(poolId, now, checked[0].toString(), checked[1].toString(), whole, entries);
	}

	private Outlook outlook(Pool pool, String teamId, ZoneId zone, PoolAvailability seen, Instant now, Duration horizon,
			Duration step) {
		return outlook(pool, teamId, zone, seen, now, horizon, step,
				(seen.reserved() != null) ? pool.unit().toBase(seen.reserved()) : 0);
	}

	private Outlook outlook(Pool pool, String teamId, ZoneId zone, PoolAvailability seen, Instant now, Duration horizon,
			Duration step, long held) {
		Instant hour = now.truncatedTo(ChronoUnit.HOURS);
		FittedPools.Fitted fit = fitted(pool, hour);
		int steps = (int) MAX_HORIZON.toHours() + 1;
		HourlyProjection whole = fit.projection(null, steps);
		HourlyProjection own = (teamId != null) ? fit.projection(teamId, steps) : whole;
		CurrentUsage current = this.usage.currentUsage(List.of(pool), (teamId != null) ? teamId : "", now);
		WindowBounds bounds = current.byPool().get(pool.id()).bounds();
		long used = current.byPool().get(pool.id()).used();
		long teamUsed = (teamId != null) ? current.byPool().get(pool.id()).teamUsed() : used;
		Map<Instant, Long> poolReturning = new HashMap<>();
		Map<Instant, Long> teamReturning = new HashMap<>();
		if (pool.window() instanceof RollingWindow rolling) {
			returning(rolling, current.minutesByPool().getOrDefault(pool.id(), List.of()), poolReturning);
			returning(rolling, (teamId != null) ? current.minutes(pool.id(), teamId)
					: current.minutesByPool().getOrDefault(pool.id(), List.of()), teamReturning);
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
		Duration recent = this.properties.recentWindow();
		long[] recentUsed = this.usage.usageSince(pool.id(), (teamId != null) ? teamId : "",
				now.minus(recent).truncatedTo(ChronoUnit.MINUTES));
		return Outlooks.of(new OutlookSnapshot(pool, teamId, zone, now, horizon, step, own, whole, hour, used, teamUsed,
				held, available, share, cap, teamHeld, poolReturning, teamReturning, bounds.countsFrom(),
				bounds.nextReset(), recent, (teamId != null) ? recentUsed[1] : recentUsed[0],
				this.properties.paceWarning(), this.properties.paceCritical()));
	}

	private static void returning(RollingWindow rolling, List<MinuteUsage> minutes, Map<Instant, Long> into) {
		for (MinuteUsage m : minutes) {
			into.merge(rolling.freedAt(m.bucketStart()), m.amount(), Long::sum);
		}
	}

	/**
	 * The pool's history before {@code hour} and its fits: reused while no usage lands in
	 * the last day's complete hours.
	 */
	private FittedPools.Fitted fitted(Pool pool, Instant hour) {
		List<Long> fingerprint = this.usage.hourlyFingerprint(pool.id(), hour.minus(FINGERPRINT_SPAN), hour);
		return this.fitted.get(pool.id(), hour, fingerprint, () -> {
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
			return new FittedPools.Fitted(hour, fingerprint, teamSeries, total, new ConcurrentHashMap<>());
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
