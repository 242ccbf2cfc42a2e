package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.quotabroker.audit.AuditEvent;
import io.github.quotabroker.pool.Pool;
import io.github.quotabroker.pool.PoolPolicy;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.pool.UnknownPool;
import io.github.quotabroker.team.TeamRequest.MemberSpec;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Forbidden;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.Zones;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Teams, their members, and the pools each team may draw on. */
@Service
public class TeamService {

	private static final int MAX_MEMBERS = 500;

	private static final BigDecimal MAX_WEIGHT = BigDecimal.valueOf(1_000_000);

	/**
	 * The share of a pool's limit automated work may use unless an admin says otherwise.
	 */
	static final int DEFAULT_AUTOMATION_CAP_PERCENT = 90;

	private final TeamRepository teams;

	private final AllocationRepository allocations;

	private final PoolService pools;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final JdbcClient jdbc;

	TeamService(TeamRepository teams, AllocationRepository allocations, PoolService pools, Clock clock,
			ApplicationEventPublisher events, JdbcClient jdbc) {
		this.events = events;
		this.jdbc = jdbc;
		this.teams = teams;
		this.allocations = allocations;
		this.pools = pools;
		this.clock = clock;
	}

	public record Saved<T>(T value, boolean created) {
	}

	@Transactional
	public Saved<Team> put(String id, TeamRequest request) {
		return put(null, id, request);
	}

	/**
	 * Creates or replaces a team. A team lead ({@code caller} not an admin) may change
	 * its own team's name, timezone and members but not its fair-share weight or its
	 * automation cap.
	 */
	@Transactional
	public Saved<Team> put(Caller caller, String id, TeamRequest request) {
		Ids.requireResourceId("teamId", id);
		List<FieldError> errors = new ArrayList<>();
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			errors.add(FieldError.of("name", "is required, at most 200 characters"));
		}
		ZoneId zone = Zones.parse("timezone", request.timezone(), errors);
		BigDecimal weight = weight("weight", request.weight(), errors);
		int automationCap = automationCap("automationCapPercent", request.automationCapPercent(), errors);
		List<TeamEntity.MemberRow> members = members(request.members(), errors);
		LocalTime[] automationWindow = null;
		if (request.automationWindow() != null) {
			automationWindow = workingHours(request.automationWindow());
			if (automationWindow == null) {
				errors.add(FieldError.of("automationWindow",
						"must be HH:mm-HH:mm in the team's timezone, such as 22:00-06:00"));
			}
		}
		Integer maxActiveHolds = request.maxActiveHolds();
		if (maxActiveHolds != null && (maxActiveHolds < 1 || maxActiveHolds > PoolPolicy.MAX_ACTIVE_HOLDS)) {
			errors.add(FieldError.of("maxActiveHolds", "must be from 1 to " + PoolPolicy.MAX_ACTIVE_HOLDS));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Instant now = this.clock.instant();
		TeamEntity entity = this.teams.findById(id).orElse(null);
		boolean created = entity == null;
		if (caller != null && !caller.isAdmin()) {
			if (created) {
				throw new Forbidden("Only an ADMIN key may create teams");
			}
			if (request.weight() != null && entity.weight.compareTo(weight) != 0) {
				throw new Forbidden("Only an ADMIN key may change a team's weight");
			}
			weight = entity.weight;
			if (request.automationCapPercent() != null && entity.automationCapPercent != automationCap) {
				throw new Forbidden("Only an ADMIN key may change a team's automationCapPercent");
			}
			automationCap = entity.automationCapPercent;
			if (request.maxActiveHolds() != null && !request.maxActiveHolds().equals(entity.maxActiveHolds)) {
				throw new Forbidden("Only an ADMIN key may change a team's maxActiveHolds");
			}
			maxActiveHolds = entity.maxActiveHolds;
		}
		TeamResponse before = created ? null : TeamResponse.of(toTeam(entity));
		if (created) {
			entity = new TeamEntity();
			entity.id = id;
			entity.createdAt = now;
		}
		entity.name = request.name().strip();
		entity.timezone = zone.getId();
		entity.weight = weight;
		entity.automationCapPercent = (short) automationCap;
		entity.maxActiveHolds = maxActiveHolds;
		entity.automationWindowStart = (automationWindow != null) ? automationWindow[0] : null;
		entity.automationWindowEnd = (automationWindow != null) ? automationWindow[1] : null;
		entity.members.clear();
		entity.members.addAll(members);
		entity.updatedAt = now;
		this.teams.save(entity);
		Team team = toTeam(entity);
		this.events
			.publishEvent(new AuditEvent(created ? "CREATE" : "REPLACE", "team", id, before, TeamResponse.of(team)));
		return new Saved<>(team, created);
	}

	/**
	 * A team's timezone and the pools it is allocated, ordered by id: what availability
	 * needs.
	 */
	public record TeamPools(String teamId, ZoneId zone, List<String> poolIds) {
	}

	/** {@link TeamPools} in one query, for the hot availability path. */
	public TeamPools teamPools(String teamId) {
		return this.jdbc.sql("""
				select t.timezone, coalesce(array_agg(a.pool_id order by a.pool_id)
				       filter (where a.pool_id is not null), '{}') as pools
				from teams t left join allocations a on a.team_id = t.id
				where t.id = ? group by t.timezone
				""")
			.param(teamId)
			.query((rs, n) -> new TeamPools(teamId, ZoneId.of(rs.getString("timezone")),
					List.of((String[]) rs.getArray("pools").getArray())))
			.optional()
			.orElseThrow(() -> new UnknownTeam(teamId));
	}

	@Transactional(readOnly = true)
	public Team get(String id) {
		return this.teams.findById(id).map(TeamService::toTeam).orElseThrow(() -> new UnknownTeam(id));
	}

	@Transactional(readOnly = true)
	public List<Team> all() {
		return this.teams.findAllByOrderById().stream().map(TeamService::toTeam).toList();
	}

	/** The ids among {@code ids} that name no team. */
	public Set<String> unknown(Collection<String> ids) {
		Set<String> missing = new HashSet<>(ids);
		if (!missing.isEmpty()) {
			// Plain SQL: this runs once per group commit, on the ingest hot path.
			this.jdbc.sql("select id from teams where id = any(?)")
				.param(missing.toArray(String[]::new))
				.query(String.class)
				.list()
				.forEach(missing::remove);
		}
		return missing;
	}

	@Transactional
	public Saved<Allocation> allocate(String poolId, String teamId, AllocationRequest request) {
		Ids.requireResourceId("poolId", poolId);
		Ids.requireResourceId("teamId", teamId);
		List<FieldError> errors = new ArrayList<>();
		AllocationRequest body = (request != null) ? request : new AllocationRequest(null);
		BigDecimal weight = weight("weight", body.weight(), errors);
		Integer borrowLimit = borrowLimit(body.borrowLimitPercent(), errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		// The pool's row lock serializes allocation changes with each other
		// and with quota decisions, so guarantees never add up past the limit.
		Pool pool = this.pools.lockForDecision(List.of(poolId)).stream().findFirst().orElse(null);
		if (pool == null) {
			throw new UnknownPool(poolId);
		}
		long guaranteed = guaranteed(body.guaranteed(), pool, teamId);
		if (!this.teams.existsById(teamId)) {
			throw new UnknownTeam(teamId);
		}
		Instant now = this.clock.instant();
		AllocationEntity entity = this.allocations.findById(new AllocationEntity.Key(poolId, teamId)).orElse(null);
		boolean created = entity == null;
		if (created) {
			entity = new AllocationEntity();
			entity.poolId = poolId;
			entity.teamId = teamId;
			entity.createdAt = now;
		}
		AllocationResponse before = created ? null : AllocationResponse.of(toAllocation(entity), pool.unit());
		entity.weight = weight;
		entity.guaranteed = guaranteed;
		entity.borrowLimitPercent = borrowLimit;
		entity.preemptible = Boolean.TRUE.equals(body.preemptible());
		entity.updatedAt = now;
		this.allocations.save(entity);
		Allocation allocation = toAllocation(entity);
		this.events.publishEvent(new AuditEvent(created ? "CREATE" : "REPLACE", "allocation", poolId + "/" + teamId,
				before, AllocationResponse.of(allocation, pool.unit())));
		this.events.publishEvent(new AllocationChanged(poolId));
		return new Saved<>(allocation, created);
	}

	/** JSON null means without limit; left out, the default. */
	private static Integer borrowLimit(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isMissingNode()) {
			return Allocation.DEFAULT_BORROW_LIMIT_PERCENT;
		}
		if (value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0
				|| value.intValue() > Allocation.MAX_BORROW_LIMIT_PERCENT) {
			errors.add(FieldError.of("borrowLimitPercent", "must be a whole number from 0 to "
					+ Allocation.MAX_BORROW_LIMIT_PERCENT + ", or null for no limit"));
			return Allocation.DEFAULT_BORROW_LIMIT_PERCENT;
		}
		return value.intValue();
	}

	private long guaranteed(BigDecimal value, Pool pool, String teamId) {
		if (value == null) {
			return 0;
		}
		long base;
		try {
			if (value.signum() < 0 || value.compareTo(pool.unit().fromBase(pool.configuredLimit())) > 0) {
				throw new ArithmeticException();
			}
			base = pool.unit().toBase(value);
			if (pool.unit().fromBase(base).compareTo(value) != 0) {
				throw new InvalidRequest("guaranteed", (pool.unit() == Unit.COST_USD) ? "must have at most 6 decimals"
						: "must be a whole number of " + pool.unit());
			}
		}
		catch (ArithmeticException ex) {
			throw new InvalidRequest("guaranteed", "must be from 0 to the pool's limit, "
					+ pool.unit().fromBase(pool.configuredLimit()).toPlainString() + " " + pool.unit());
		}
		long others = this.jdbc
			.sql("select coalesce(sum(guaranteed), 0) from allocations where pool_id = ? and team_id <> ?")
			.params(pool.id(), teamId)
			.query(Long.class)
			.single();
		if (others + base > pool.configuredLimit()) {
			throw new InvalidRequest("guaranteed",
					"at most " + pool.unit().fromBase(pool.configuredLimit() - others).toPlainString() + " "
							+ pool.unit() + ": the pool's other allocations guarantee "
							+ pool.unit().fromBase(others).toPlainString() + " of its limit of "
							+ pool.unit().fromBase(pool.configuredLimit()).toPlainString());
		}
		return base;
	}

	@Transactional
	public void deallocate(String poolId, String teamId) {
		AllocationEntity.Key key = new AllocationEntity.Key(poolId, teamId);
		AllocationEntity entity = this.allocations.findById(key)
			.orElseThrow(() -> new UnknownAllocation(poolId, teamId));
		this.allocations.delete(entity);
		this.events.publishEvent(new AuditEvent("DELETE", "allocation", poolId + "/" + teamId,
				AllocationResponse.of(toAllocation(entity), this.pools.get(poolId).unit()), null));
		this.events.publishEvent(new AllocationChanged(poolId));
	}

	/** The unit of a pool, to show its allocations' amounts. */
	Unit unitOf(String poolId) {
		return this.pools.get(poolId).unit();
	}

	@Transactional(readOnly = true)
	public List<Allocation> allocationsOfPool(String poolId) {
		if (!this.pools.exists(poolId)) {
			throw new UnknownPool(poolId);
		}
		return this.allocations.findByPoolIdOrderByTeamId(poolId).stream().map(TeamService::toAllocation).toList();
	}

	@Transactional(readOnly = true)
	public List<Allocation> allocationsOfTeam(String teamId) {
		return this.allocations.findByTeamIdOrderByPoolId(teamId).stream().map(TeamService::toAllocation).toList();
	}

	@Transactional(readOnly = true)
	public List<Allocation> allAllocations() {
		return this.allocations.findAllByOrderByPoolIdAscTeamIdAsc().stream().map(TeamService::toAllocation).toList();
	}

	private static BigDecimal weight(String field, BigDecimal value, List<FieldError> errors) {
		if (value == null) {
			return BigDecimal.ONE;
		}
		if (value.signum() <= 0 || value.compareTo(MAX_WEIGHT) > 0 || value.stripTrailingZeros().scale() > 4) {
			errors.add(FieldError.of(field, "must be positive, at most 1000000, with at most 4 decimals"));
			return BigDecimal.ONE;
		}
		return value;
	}

	private static int automationCap(String field, Integer value, List<FieldError> errors) {
		if (value == null) {
			return DEFAULT_AUTOMATION_CAP_PERCENT;
		}
		if (value < 1 || value > 100) {
			errors.add(FieldError.of(field, "must be from 1 to 100"));
			return DEFAULT_AUTOMATION_CAP_PERCENT;
		}
		return value;
	}

	private static List<TeamEntity.MemberRow> members(List<MemberSpec> specs, List<FieldError> errors) {
		List<TeamEntity.MemberRow> rows = new ArrayList<>();
		if (specs == null) {
			return rows;
		}
		if (specs.size() > MAX_MEMBERS) {
			errors.add(FieldError.of("members", "at most " + MAX_MEMBERS + " members"));
			return rows;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < specs.size(); i++) {
			MemberSpec spec = specs.get(i);
			String prefix = "members[" + i + "].";
			if (spec == null) {
				errors.add(FieldError.of("members[" + i + "]", "must be an object"));
				continue;
			}
			if (!Ids.isResourceId(spec.id())) {
				errors.add(FieldError.of(prefix + "id", Ids.RESOURCE_ID_RULE));
			}
			else if (!seen.add(spec.id())) {
				errors.add(FieldError.of(prefix + "id", "appears twice"));
			}
			TeamEntity.MemberRow row = new TeamEntity.MemberRow();
			row.memberId = spec.id();
			ZoneId zone = Zones.parse(prefix + "timezone", spec.timezone(), errors);
			row.timezone = (zone != null) ? zone.getId() : null;
			if (spec.workingHours() != null) {
				LocalTime[] hours = workingHours(spec.workingHours());
				if (hours == null) {
					errors.add(FieldError.of(prefix + "workingHours", "must be HH:mm-HH:mm, such as 09:00-17:00"));
				}
				else {
					row.workingStart = hours[0];
					row.workingEnd = hours[1];
				}
			}
			rows.add(row);
		}
		return rows;
	}

	private static LocalTime[] workingHours(String text) {
		String[] parts = text.split("-", -1);
		if (parts.length != 2) {
			return null;
		}
		try {
			LocalTime start = LocalTime.parse(parts[0].strip());
			LocalTime end = LocalTime.parse(parts[1].strip());
			return start.equals(end) ? null : new LocalTime[] { start, end };
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Team toTeam(TeamEntity e) {
		List<Member> members = e.members.stream()
			.map((m) -> new Member(m.memberId, ZoneId.of(m.timezone), m.workingStart, m.workingEnd))
			.toList();
		WorkingHours automationWindow = (e.automationWindowStart != null)
				? new WorkingHours(ZoneId.of(e.timezone), e.automationWindowStart, e.automationWindowEnd) : null;
		return new Team(e.id, e.name, ZoneId.of(e.timezone), e.weight, e.automationCapPercent, members, e.createdAt,
				e.updatedAt, e.maxActiveHolds, automationWindow);
	}

	private static Allocation toAllocation(AllocationEntity e) {
		return new Allocation(e.poolId, e.teamId, e.weight, e.guaranteed, e.borrowLimitPercent, e.preemptible,
				e.createdAt, e.updatedAt);
	}

	/**
	 * The fair-share terms of the pools' allocations, pool id to terms ordered by team:
	 * read in one query for a decision (not through JPA: this is on the hot path of every
	 * grant).
	 */
	public Map<String, List<AllocationTerm>> allocationTerms(List<String> poolIds) {
		Map<String, List<AllocationTerm>> terms = new HashMap<>();
		if (poolIds.isEmpty()) {
			return terms;
		}
		this.jdbc.sql("""
				select a.pool_id, a.team_id, a.weight, a.guaranteed, a.borrow_limit_percent, a.preemptible,
				       t.max_active_holds
				from allocations a join teams t on t.id = a.team_id
				where a.pool_id = any(?) order by a.pool_id, a.team_id
				""").param(poolIds.toArray(String[]::new)).query((rs, n) -> {
			int borrow = rs.getInt("borrow_limit_percent");
			Integer borrowLimit = rs.wasNull() ? null : borrow;
			int maxHolds = rs.getInt("max_active_holds");
			Integer maxActiveHolds = rs.wasNull() ? null : maxHolds;
			return terms.computeIfAbsent(rs.getString("pool_id"), (k) -> new ArrayList<>())
				.add(new AllocationTerm(rs.getString("team_id"), rs.getBigDecimal("weight"), rs.getLong("guaranteed"),
						borrowLimit, rs.getBoolean("preemptible"), maxActiveHolds));
		}).list();
		return terms;
	}

}
