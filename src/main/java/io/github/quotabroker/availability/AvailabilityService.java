package io.github.quotabroker.availability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.Team;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.team.UnknownAllocation;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.UsageService;
import io.github.quotabroker.usage.WindowUsage;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** How much of each pool a team can still use, and when used quota comes back. */
@Service
public class AvailabilityService {

	private final TeamService teams;

	private final PoolService pools;

	private final UsageService usage;

	private final Clock clock;

	AvailabilityService(TeamService teams, PoolService pools, UsageService usage, Clock clock) {
		this.teams = teams;
		this.pools = pools;
		this.usage = usage;
		this.clock = clock;
	}

	/**
	 * Availability of every pool the team is allocated (or only {@code poolId}), now or
	 * as of a past instant.
	 */
	@Transactional(readOnly = true)
	public TeamAvailability of(String teamId, String poolId, Instant asOf) {
		Ids.requireResourceId("teamId", teamId);
		Instant now = this.clock.instant();
		if (asOf != null && asOf.isAfter(now)) {
			throw new InvalidRequest("at", "must not be in the future");
		}
		Instant at = (asOf != null) ? asOf : now;
		Team team = this.teams.get(teamId);
		List<PoolAvailability> result = new ArrayList<>();
		boolean found = false;
		for (Allocation allocation : this.teams.allocationsOfTeam(teamId)) {
			if (poolId != null && !poolId.equals(allocation.poolId())) {
				continue;
			}
			found = true;
			Pool pool = this.pools.get(allocation.poolId());
			result.add(availability(pool, team.id(), team.zone(), at, asOf != null));
		}
		if (poolId != null && !found) {
			throw new UnknownAllocation(poolId, teamId);
		}
		return new TeamAvailability(team.id(), team.zone().getId(), at, result);
	}

	private PoolAvailability availability(Pool pool, String teamId, ZoneId zone, Instant at, boolean asOf) {
		WindowUsage u = this.usage.windowUsage(pool, teamId, at, asOf);
		Unit unit = pool.unit();
		long remaining = Math.max(0, pool.limit() - u.used());
		List<RecoveryStep> recovery;
		if (pool.window() instanceof RollingWindow rolling) {
			// As of a past instant, only the part of its minute up to it counts.
			List<MinuteUsage> minutes = asOf ? this.usage.minuteUsageAsOf(pool.id(), u.bounds().countsFrom(), at)
					: this.usage.minuteUsage(pool.id(), u.bounds().countsFrom(), null);
			recovery = RecoveryTimeline.rolling(rolling, pool.limit(), u.used(), minutes, unit, zone);
		}
		else {
			recovery = RecoveryTimeline.calendar(u.bounds().nextReset(), pool.limit(), u.used(), unit, zone);
		}
		return new PoolAvailability(pool.id(), pool.name(), unit, unit.fromBase(pool.limit()), unit.fromBase(u.used()),
				unit.fromBase(u.teamUsed()), unit.fromBase(remaining), percent(u.used(), pool.limit()),
				QuotaStatus.of(u.used(), pool.limit(), pool.thresholds()), u.bounds().countsFrom(),
				(pool.window() instanceof CalendarWindow) ? u.bounds().nextReset() : null, recovery);
	}

	static BigDecimal percent(long used, long limit) {
		return BigDecimal.valueOf(used)
			.multiply(BigDecimal.valueOf(100))
			.divide(BigDecimal.valueOf(limit), 2, RoundingMode.HALF_UP);
	}

}
