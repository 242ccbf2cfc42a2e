package io.github.quotabroker.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.quotabroker.capacity.ActiveHold;
import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.pool.CalendarWindow;
import io.github.quotabroker.pool.ModelPattern;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.RollingWindow;
import io.github.quotabroker.pool.StatusThresholds;
import io.github.quotabroker.pool.TokenWeights;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.Window;
import io.github.quotabroker.team.AllocationTerm;
import io.github.quotabroker.usage.MinuteUsage;
import io.github.quotabroker.usage.WindowUsage;

/**
 * Fluent construction of a {@link PoolLoad} through {@link PoolLoad#of}, as a decision
 * would read it: a pool, usage by team (minute buckets for rolling pools), active holds,
 * allocations and the instant.
 */
public final class PoolLoadBuilder {

	private final long limit;

	private final Window window;

	private Unit unit = Unit.MESSAGES;

	private Duration aging = PoolPolicy.DEFAULT_AGING;

	private int safetyBufferPercent = PoolPolicy.DEFAULT.safetyBufferPercent();

	private int automationCapPercent = PoolPolicy.DEFAULT.automationCapPercent();

	private String id = "pool";

	private Instant now = Instant.parse("2026-11-25T12:00:00Z");

	private String teamId;

	private final Map<String, List<MinuteUsage>> minutesByTeam = new HashMap<>();

	private final Map<String, Long> usedByTeam = new HashMap<>();

	private final List<ActiveHold> holds = new ArrayList<>();

	private final List<AllocationTerm> terms = new ArrayList<>();

	private PoolLoadBuilder(long limit, Window window) {
		this.limit = limit;
		this.window = window;
	}

	/** A pool whose usage stops counting {@code duration} after it was recorded. */
	public static PoolLoadBuilder rolling(long limit, Duration duration) {
		return new PoolLoadBuilder(limit, new RollingWindow(duration));
	}

	/** A pool that resets daily at {@code resetTime}. */
	public static PoolLoadBuilder daily(long limit, LocalTime resetTime, ZoneId zone) {
		return new PoolLoadBuilder(limit, CalendarWindow.daily(resetTime, zone));
	}

	public PoolLoadBuilder unit(Unit unit) {
		this.unit = unit;
		return this;
	}

	public PoolLoadBuilder agingInterval(Duration aging) {
		this.aging = aging;
		return this;
	}

	public PoolLoadBuilder safetyBufferPercent(int percent) {
		this.safetyBufferPercent = percent;
		return this;
	}

	public PoolLoadBuilder automationCapPercent(int percent) {
		this.automationCapPercent = percent;
		return this;
	}

	/** The pool's id (default {@code pool}), for requests that draw on several pools. */
	public PoolLoadBuilder id(String id) {
		this.id = id;
		return this;
	}

	public PoolLoadBuilder now(Instant now) {
		this.now = now;
		return this;
	}

	/** The team the decision is about (its holds count as {@code teamReserved}). */
	public PoolLoadBuilder askedBy(String teamId) {
		this.teamId = teamId;
		return this;
	}

	/** Usage by a team recorded at {@code at} (its minute bucket, for rolling pools). */
	public PoolLoadBuilder used(String team, long amount, Instant at) {
		this.minutesByTeam.computeIfAbsent(team, (k) -> new ArrayList<>())
			.add(new MinuteUsage(at.truncatedTo(ChronoUnit.MINUTES), amount));
		this.usedByTeam.merge(team, amount, Long::sum);
		return this;
	}

	/** Usage by a team recorded {@code ago} before now. */
	public PoolLoadBuilder used(String team, long amount, Duration ago) {
		return used(team, amount, this.now.minus(ago));
	}

	public PoolLoadBuilder hold(String team, long amount, Instant startsAt, Instant expiresAt, boolean preemptible) {
		this.holds.add(new ActiveHold(team, startsAt, expiresAt, amount, preemptible));
		return this;
	}

	/** A hold active from now for {@code ttl}, not preemptible. */
	public PoolLoadBuilder holding(String team, long amount, Duration ttl) {
		return hold(team, amount, this.now, this.now.plus(ttl), false);
	}

	public PoolLoadBuilder allocation(String team, int weight, long guaranteed, Integer borrowLimitPercent,
			boolean preemptible) {
		this.terms
			.add(new AllocationTerm(team, BigDecimal.valueOf(weight), guaranteed, borrowLimitPercent, preemptible));
		return this;
	}

	/**
	 * An allocation with weight only: no guarantee, unlimited borrowing, not preemptible.
	 */
	public PoolLoadBuilder allocation(String team, int weight) {
		return allocation(team, weight, 0, null, false);
	}

	public Pool pool() {
		PoolPolicy base = PoolPolicy.DEFAULT;
		PoolPolicy policy = new PoolPolicy(this.safetyBufferPercent, this.automationCapPercent,
				base.lowDeferredBelowPercent(), base.mediumDeferredBelowPercent(), base.highDeferredBelowPercent(),
				this.aging);
		return new Pool(this.id, this.id, this.unit, this.limit, this.window, List.of(ModelPattern.of("*")),
				TokenWeights.DEFAULT, StatusThresholds.DEFAULT, policy, this.now, this.now);
	}

	public Instant instant() {
		return this.now;
	}

	public PoolLoad build() {
		Pool pool = pool();
		long used = this.usedByTeam.values().stream().mapToLong(Long::longValue).sum();
		long teamUsed = (this.teamId != null) ? this.usedByTeam.getOrDefault(this.teamId, 0L) : 0;
		WindowUsage usage = new WindowUsage(this.window.boundsAt(this.now), used, teamUsed);
		Map<Instant, Long> byMinute = new TreeMap<>();
		this.minutesByTeam.values()
			.forEach((list) -> list.forEach((m) -> byMinute.merge(m.bucketStart(), m.amount(), Long::sum)));
		List<MinuteUsage> minutes = new ArrayList<>();
		byMinute.forEach((at, amount) -> minutes.add(new MinuteUsage(at, amount)));
		Map<String, List<MinuteUsage>> teamMinutes = Map.copyOf(this.minutesByTeam);
		return PoolLoad.of(pool, usage, pool.window().slides() ? minutes : List.of(), Map.copyOf(this.usedByTeam),
				(team) -> teamMinutes.getOrDefault(team, List.of()), List.copyOf(this.holds), List.copyOf(this.terms),
				this.teamId, this.now);
	}

}
