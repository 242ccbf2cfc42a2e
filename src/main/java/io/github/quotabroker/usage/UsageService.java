package io.github.quotabroker.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.WindowBounds;
import io.github.quotabroker.usage.EventOutcome.Status;
import io.github.quotabroker.usage.UsageHistory.Point;
import io.github.quotabroker.usage.UsageHistory.Series;
import io.github.quotabroker.usage.UsageQueries.SeriesRow;
import io.github.quotabroker.web.ApiException;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Forbidden;
import io.github.quotabroker.web.InvalidRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The usage capability's public face: records usage events and answers how much of a pool
 * is used in a window or over time.
 */
@Service
public class UsageService {

	private static final long MAX_POINTS = 10_000;

	private static final Duration MAX_MINUTE_RANGE = Duration.ofDays(7);

	private final UsageEventParser parser;

	private final UsageIngestService ingest;

	private final UsageQueries queries;

	private final UsageBreakdownQueries breakdowns;

	private final PoolService pools;

	private final UsageMetrics metrics;

	private final Clock clock;

	private final RetentionStore retention;

	UsageService(JsonMapper jsonMapper, IngestProperties properties, UsageIngestService ingest, UsageQueries queries,
			UsageBreakdownQueries breakdowns, PoolService pools, UsageMetrics metrics, Clock clock,
			RetentionStore retention) {
		this.parser = new UsageEventParser(jsonMapper, properties, clock);
		this.ingest = ingest;
		this.queries = queries;
		this.breakdowns = breakdowns;
		this.pools = pools;
		this.metrics = metrics;
		this.clock = clock;
		this.retention = retention;
	}

	/**
	 * Validates and records the body of {@code POST /usage-events}: all of its events or
	 * none.
	 */
	public IngestAnswer record(JsonNode body) {
		return record(null, body);
	}

	/**
	 * Records usage events on behalf of {@code caller}: a key that is not an admin's may
	 * only record its own team's usage ({@code null}: the service itself).
	 */
	public IngestAnswer record(Caller caller, JsonNode body) {
		return record(caller, body, UsageEventParser.Envelope.EVENTS);
	}

	/**
	 * Validates and records a body of CloudEvents ({@code batch}: an array of them, else
	 * one): all of its events or none.
	 */
	public IngestAnswer recordCloudEvents(Caller caller, JsonNode body, boolean batch) {
		return record(caller, body,
				batch ? UsageEventParser.Envelope.CLOUD_EVENT_BATCH : UsageEventParser.Envelope.CLOUD_EVENT);
	}

	private IngestAnswer record(Caller caller, JsonNode body, UsageEventParser.Envelope envelope) {
		long started = System.nanoTime();
		int size = (body != null && body.isArray()) ? body.size() : 1;
		try {
			List<UsageEvent> events = this.parser.parse(body, envelope);
			if (caller != null && !caller.isAdmin()) {
				for (UsageEvent event : events) {
					if (!caller.actsFor(event.teamId())) {
						throw new Forbidden("This key records usage for team '" + caller.teamId()
								+ "' only; an event names team '" + event.teamId() + "'. Nothing was recorded.");
					}
				}
			}
			List<EventOutcome> outcomes = this.ingest.ingest(events);
			int recorded = (int) outcomes.stream().filter((o) -> o.status() == Status.RECORDED).count();
			this.metrics.recorded(recorded);
			this.metrics.duplicates(outcomes.size() - recorded);
			return new IngestAnswer(recorded, outcomes.size() - recorded, outcomes);
		}
		catch (ApiException ex) {
			this.metrics.rejected(reason(ex), size);
			throw ex;
		}
		finally {
			this.metrics.latency(System.nanoTime() - started);
		}
	}

	/**
	 * Counts of a batch recorded by {@link #recordBatch}.
	 *
	 * @param conflicts events whose id was recorded before with other content: left as
	 * they were
	 */
	public record BatchOutcome(int recorded, int duplicates, int conflicts) {
	}

	/**
	 * Records events that the caller built and checked (an import): like
	 * {@code POST /usage-events}, idempotent by event id, except that an event whose id
	 * was recorded with other content is left out and counted instead of refusing the
	 * batch. The caller keeps the events within {@link IngestProperties}' limits.
	 * @throws io.github.quotabroker.team.UnknownTeam when an event's team does not exist
	 */
	public BatchOutcome recordBatch(List<UsageEvent> events) {
		List<UsageEvent> remaining = new ArrayList<>(events);
		int conflicts = 0;
		while (!remaining.isEmpty()) {
			try {
				List<EventOutcome> outcomes = this.ingest.ingest(remaining);
				int recorded = (int) outcomes.stream().filter((o) -> o.status() == Status.RECORDED).count();
				this.metrics.recorded(recorded);
				this.metrics.duplicates(outcomes.size() - recorded);
				return new BatchOutcome(recorded, outcomes.size() - recorded, conflicts);
			}
			catch (EventIdConflict ex) {
				// The answer names each conflicting item by index (or none for a batch of
				// one).
				Set<Integer> drop = new HashSet<>();
				for (FieldError error : ex.errors()) {
					drop.add((error.index() != null) ? error.index() : 0);
				}
				List<UsageEvent> next = new ArrayList<>(remaining.size());
				for (int i = 0; i < remaining.size(); i++) {
					if (!drop.contains(i)) {
						next.add(remaining.get(i));
					}
				}
				conflicts += remaining.size() - next.size();
				this.metrics.rejected("conflict", remaining.size() - next.size());
				remaining = next;
			}
		}
		return new BatchOutcome(0, 0, conflicts);
	}

	private static String reason(ApiException ex) {
		return switch (ex.problemType()) {
			case VALIDATION -> "validation";
			case NOT_FOUND -> "unknown_team";
			case CONFLICT -> "conflict";
			case UNAVAILABLE -> "unavailable";
			default -> "other";
		};
	}

	/**
	 * Records usage reported when a reservation is committed: counted against the
	 * reservation's pool only, in the caller's transaction (so the commit and its usage
	 * stand or fall together). Idempotent by {@code eventId}.
	 * @return whether the usage was new
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean recordCommitted(String eventId, String teamId, String memberId, Pool pool, long amount,
			Instant occurredAt, String reservationId) {
		long messages = (pool.unit() == Unit.MESSAGES) ? amount : 0;
		long tokens = (pool.unit() == Unit.TOKENS) ? amount : 0;
		BigDecimal cost = (pool.unit() == Unit.COST_USD) ? pool.unit().fromBase(amount) : null;
		UsageEvent event = new UsageEvent(eventId, teamId, memberId, null, "reservation:" + pool.id(),
				occurredAt.truncatedTo(ChronoUnit.MICROS), tokens, 0, 0, 0, messages, cost, UsageKind.INTERACTIVE,
				reservationId);
		boolean recorded = this.ingest.recordInTransaction(event, List.of(pool.id()), new long[] { amount });
		if (recorded) {
			this.metrics.recorded(1);
		}
		return recorded;
	}

	/**
	 * Usage of several pools in the windows in force now, for one team, in two round
	 * trips at most: every pool's sums, and the minute buckets of the rolling pools (for
	 * their recovery timelines).
	 */
	public CurrentUsage currentUsage(List<Pool> pools, String teamId, Instant now) {
		Map<String, Instant> countsFrom = new LinkedHashMap<>();
		Map<String, Instant> rollingFrom = new LinkedHashMap<>();
		Map<String, WindowBounds> bounds = new HashMap<>();
		for (Pool pool : pools) {
			WindowBounds b = pool.window().boundsAt(now);
			bounds.put(pool.id(), b);
			if (pool.window().slides()) {
				rollingFrom.put(pool.id(), b.countsFrom());
			}
			else {
				countsFrom.put(pool.id(), b.countsFrom());
			}
		}
		// Rolling pools' minute buckets are read anyway for their recovery timelines:
		// their sums come from the same rows instead of a second read.
		Map<String, Map<String, Long>> byTeam = this.queries.currentSums(countsFrom);
		Map<String, Map<String, List<MinuteUsage>>> teamMinutes = this.queries.currentMinutes(rollingFrom);
		Map<String, List<MinuteUsage>> minutes = new HashMap<>();
		teamMinutes.forEach((pool, teams) -> {
			Map<String, Long> sums = new HashMap<>();
			TreeMap<Instant, Long> merged = new TreeMap<>();
			teams.forEach((team, list) -> {
				long sum = 0;
				for (MinuteUsage m : list) {
					sum += m.amount();
					merged.merge(m.bucketStart(), m.amount(), Long::sum);
				}
				sums.put(team, sum);
			});
			byTeam.put(pool, sums);
			List<MinuteUsage> poolMinutes = new ArrayList<>(merged.size());
			merged.forEach((start, amount) -> poolMinutes.add(new MinuteUsage(start, amount)));
			minutes.put(pool, poolMinutes);
		});
		Map<String, WindowUsage> usage = new HashMap<>();
		for (Pool pool : pools) {
			Map<String, Long> teams = byTeam.getOrDefault(pool.id(), Map.of());
			long used = teams.values().stream().mapToLong(Long::longValue).sum();
			usage.put(pool.id(), new WindowUsage(bounds.get(pool.id()), used, teams.getOrDefault(teamId, 0L)));
		}
		return new CurrentUsage(usage, minutes, byTeam, teamMinutes);
	}

	/**
	 * Window usage per pool id, the minute buckets of the rolling pools among them, and
	 * both per team (pool id to team id).
	 */
	public record CurrentUsage(Map<String, WindowUsage> byPool, Map<String, List<MinuteUsage>> minutesByPool,
			Map<String, Map<String, Long>> usedByTeam, Map<String, Map<String, List<MinuteUsage>>> teamMinutes) {

		/** Each team's usage of the pool in its window now. */
		public Map<String, Long> teams(String poolId) {
			return this.usedByTeam.getOrDefault(poolId, Map.of());
		}

		/** A team's minute buckets of a rolling pool, oldest first. */
		public List<MinuteUsage> minutes(String poolId, String teamId) {
			return this.teamMinutes.getOrDefault(poolId, Map.of()).getOrDefault(teamId, List.of());
		}

	}

	/**
	 * The pool's usage in the window in force at {@code at}. As of the present
	 * ({@code asOf == false}) every recorded use from the window start counts, including
	 * uses stamped up to the allowed clock skew ahead; as of a past instant only uses
	 * that occurred up to it count.
	 */
	@Transactional(readOnly = true)
	public WindowUsage windowUsage(Pool pool, String teamId, Instant at, boolean asOf) {
		WindowBounds bounds = pool.window().boundsAt(at);
		if (!asOf) {
			long[] sums = this.queries.sums(pool.id(), teamId, BucketPlan.from(bounds.countsFrom()));
			return new WindowUsage(bounds, sums[0], sums[1]);
		}
		// Past retention (#17) an answer would silently count less than was used.
		Instant keptFrom = this.retention.keptFrom();
		if (keptFrom != null && bounds.countsFrom().isBefore(keptFrom)) {
			throw new InvalidRequest("at", "reaches back before the usage still kept (from " + keptFrom
					+ " on, quota.retention): the pool's window then started at " + bounds.countsFrom());
		}
		Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
		long[] whole = this.queries.sums(pool.id(), teamId, BucketPlan.between(bounds.countsFrom(), minute));
		long[] partial = this.queries.ledgerSums(pool.id(), teamId, minute, at);
		return new WindowUsage(bounds, whole[0] + partial[0], whole[1] + partial[1]);
	}

	/** Each team's usage of the pool in the window in force now, in base units. */
	@Transactional(readOnly = true)
	public Map<String, Long> usageByTeam(Pool pool, Instant now) {
		return this.queries.sumsByTeam(pool.id(), BucketPlan.from(pool.window().boundsAt(now).countsFrom()));
	}

	/**
	 * Pool-wide usage per minute from {@code from} up to and including the past instant
	 * {@code at}, oldest first: whole minute buckets before the minute holding
	 * {@code at}, then only the part of that minute up to {@code at}.
	 */
	@Transactional(readOnly = true)
	public List<MinuteUsage> minuteUsageAsOf(String poolId, Instant from, Instant at) {
		Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
		List<MinuteUsage> minutes = new ArrayList<>(this.queries.minutes(poolId, from, minute));
		long partial = this.queries.ledgerSums(poolId, null, minute, at)[0];
		if (partial > 0) {
			minutes.add(new MinuteUsage(minute, partial));
		}
		return minutes;
	}

	/**
	 * The amount, in the pool's base unit, that each run of a task type of the team added
	 * to the pool over [from, to), smallest first (see
	 * {@code UsageQueries.taskRunAmounts}).
	 */
	@Transactional(readOnly = true)
	public List<Long> taskRunAmounts(String poolId, String teamId, String taskType, Instant from, Instant to) {
		return this.queries.taskRunAmounts(poolId, teamId, taskType, from, to);
	}

	/**
	 * Each team's usage of a pool per hour in [from, to) (both on the hour), from the
	 * hour buckets: team id to one amount per hour, oldest first.
	 */
	@Transactional(readOnly = true)
	public Map<String, long[]> hourlyByTeam(String poolId, Instant from, Instant to) {
		return this.queries.hourlyByTeam(poolId, from, to);
	}

	/**
	 * The largest {@code top} contributors by member, agent, model and workflow to each
	 * of the given hours (on the hour) of a team's usage of a pool, hour to contributors.
	 */
	@Transactional(readOnly = true)
	public Map<Instant, List<Contributor>> contributors(String poolId, String teamId, List<Instant> hours, int top) {
		return this.breakdowns.contributors(poolId, teamId, hours, top);
	}

	/**
	 * Workflow runs counted against a pool that had events in [from, to) and used at
	 * least {@code minTokens} tokens since {@code since}: every team's ({@code teamId}
	 * null) or one team's.
	 */
	@Transactional(readOnly = true)
	public List<WorkflowTotal> largeWorkflows(String poolId, String teamId, Instant since, Instant from, Instant to,
			long minTokens) {
		return this.breakdowns.largeWorkflows(poolId, teamId, since, from, to, minTokens);
	}

	/**
	 * Tokens by kind per team in [from, to) of the events counted against a pool: every
	 * team's ({@code teamId} null) or one team's.
	 */
	@Transactional(readOnly = true)
	public Map<String, TokenMix> tokenMix(String poolId, String teamId, Instant from, Instant to) {
		return this.breakdowns.tokenMix(poolId, teamId, from, to);
	}

	/**
	 * A value that changes whenever usage lands in the pool's hours [from, to): the
	 * bucket count, amount and event count, cheap to read to tell whether a fit on those
	 * hours still holds.
	 */
	@Transactional(readOnly = true)
	public List<Long> hourlyFingerprint(String poolId, Instant from, Instant to) {
		long[] values = this.queries.hourlyFingerprint(poolId, from, to);
		return List.of(values[0], values[1], values[2]);
	}

	/**
	 * Pool-wide and one team's usage of several pools from {@code from} on, in one round
	 * trip: pool id to {pool, team}.
	 */
	@Transactional(readOnly = true)
	public Map<String, long[]> usageSince(List<String> poolIds, String teamId, Instant from) {
		Map<String, Instant> fromByPool = new LinkedHashMap<>();
		poolIds.forEach((poolId) -> fromByPool.put(poolId, from));
		Map<String, Map<String, Long>> sums = this.queries.currentSums(fromByPool);
		Map<String, long[]> result = new HashMap<>();
		for (String poolId : poolIds) {
			Map<String, Long> byTeam = sums.getOrDefault(poolId, Map.of());
			long used = byTeam.values().stream().mapToLong(Long::longValue).sum();
			result.put(poolId, new long[] { used, byTeam.getOrDefault(teamId, 0L) });
		}
		return result;
	}

	/** Each team's usage of a pool from {@code from} on: team id to amount. */
	@Transactional(readOnly = true)
	public Map<String, Long> usageSinceByTeam(String poolId, Instant from) {
		return this.queries.currentSums(Map.of(poolId, from)).getOrDefault(poolId, Map.of());
	}

	/**
	 * The team's workflow runs in a pool over [from, to), largest first, at most
	 * {@code limit} of them (each row says how many there are in all).
	 */
	@Transactional(readOnly = true)
	public List<WorkflowUsage> workflows(String poolId, String teamId, Instant from, Instant to, int limit) {
		return this.queries.workflows(poolId, teamId, from, to, limit);
	}

	/**
	 * What each of the team's workflow runs added to a pool over [from, to), in the
	 * pool's base unit, smallest first.
	 */
	@Transactional(readOnly = true)
	public List<Long> workflowAmounts(String poolId, String teamId, Instant from, Instant to) {
		return this.queries.workflowAmounts(poolId, teamId, from, to);
	}

	/** Pool-wide and one team's usage of the pool from {@code from} on: {pool, team}. */
	@Transactional(readOnly = true)
	public long[] usageSince(String poolId, String teamId, Instant from) {
		return this.queries.sums(poolId, teamId, BucketPlan.from(from));
	}

	/** Usage of a pool over [from, to) in steps, grouped by team, member or model. */
	public UsageHistory history(String poolId, Instant from, Instant to, String groupBy, Duration step) {
		return history(null, poolId, from, to, groupBy, step);
	}

	/**
	 * Usage history as {@code caller} may see it: admins see every team, others only
	 * their own team's usage.
	 */
	@Transactional(readOnly = true)
	public UsageHistory history(Caller caller, String poolId, Instant from, Instant to, String groupBy, Duration step) {
		String onlyTeam = (caller != null && !caller.isAdmin()) ? caller.teamId() : null;
		Pool pool = this.pools.get(poolId);
		Instant now = this.clock.instant();
		Duration stepOrDefault = (step != null) ? step : Duration.ofHours(1);
		Instant end = (to != null) ? to : now;
		Instant start = (from != null) ? from : end.minus(Duration.ofDays(1));
		String group = (groupBy != null) ? groupBy : "team";
		List<FieldError> errors = new ArrayList<>();
		if (stepOrDefault.compareTo(Duration.ofMinutes(1)) < 0 || stepOrDefault.toSecondsPart() != 0
				|| stepOrDefault.toNanosPart() != 0) {
			errors.add(FieldError.of("step", "must be whole minutes, at least PT1M"));
		}
		if (!start.isBefore(end)) {
			errors.add(FieldError.of("from", "must be before to"));
		}
		if (!List.of("team", "member", "model").contains(group)) {
			errors.add(FieldError.of("groupBy", "must be team, member or model"));
		}
		if (errors.isEmpty() && Duration.between(start, end).toSeconds() / stepOrDefault.toSeconds() > MAX_POINTS) {
			errors.add(FieldError.of("step", "gives more than " + MAX_POINTS + " points; use a larger step"));
		}
		boolean hourly = stepOrDefault.toSeconds() % 3600 == 0 && start.truncatedTo(ChronoUnit.HOURS).equals(start);
		if (errors.isEmpty() && group.equals("team") && !hourly
				&& Duration.between(start, end).compareTo(MAX_MINUTE_RANGE) > 0) {
			errors.add(FieldError.of("step", "ranges over 7 days need a whole-hour step and a from on the hour"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		start = start.truncatedTo(ChronoUnit.MINUTES);
		long stepSeconds = stepOrDefault.toSeconds();
		List<SeriesRow> rows = switch (group) {
			case "team" -> this.queries.teamSeries(hourly, poolId, start, end, onlyTeam);
			case "member" -> this.queries.ledgerSeries("member_id", poolId, start, end, stepSeconds, onlyTeam);
			default -> this.queries.ledgerSeries("model", poolId, start, end, stepSeconds, onlyTeam);
		};
		int slots = (int) ((Duration.between(start, end).toSeconds() + stepSeconds - 1) / stepSeconds);
		Map<String, long[][]> byKey = new LinkedHashMap<>();
		for (SeriesRow row : rows) {
			int slot = (int) (Duration.between(start, row.start()).toSeconds() / stepSeconds);
			if (slot < 0 || slot >= slots) {
				continue;
			}
			long[][] values = byKey.computeIfAbsent(row.key(), (k) -> new long[slots][2]);
			values[slot][0] += row.amount();
			values[slot][1] += row.events();
		}
		List<Series> series = new ArrayList<>();
		for (Map.Entry<String, long[][]> entry : byKey.entrySet()) {
			List<Point> points = new ArrayList<>(slots);
			long total = 0;
			for (int i = 0; i < slots; i++) {
				long[] v = entry.getValue()[i];
				total += v[0];
				points.add(new Point(start.plusSeconds(i * stepSeconds), pool.unit().fromBase(v[0]), v[1]));
			}
			series.add(new Series(entry.getKey(), pool.unit().fromBase(total), points));
		}
		series.sort((a, b) -> a.key().compareTo(b.key()));
		return new UsageHistory(poolId, pool.unit(), group, start, end, stepOrDefault, series);
	}

}
