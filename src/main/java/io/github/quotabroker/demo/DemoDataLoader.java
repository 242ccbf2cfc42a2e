package io.github.quotabroker.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import io.github.quotabroker.pool.CalendarPeriod;
import io.github.quotabroker.pool.PoolRequest;
import io.github.quotabroker.pool.PoolRequest.WindowSpec;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.team.AllocationRequest;
import io.github.quotabroker.team.TeamRequest;
import io.github.quotabroker.team.TeamRequest.MemberSpec;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.usage.IngestProperties;
import io.github.quotabroker.usage.UsageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fills an empty service with a Claude-Max-like subscription shared by three teams in
 * three timezones, and a week of their usage ending now, so that every endpoint has
 * something to show. Active with the {@code demo} profile only; loads once (nothing
 * happens when the pool {@value #SESSION_POOL} already exists).
 *
 * <p>
 * Everything goes through the public services, exactly as the HTTP API would. The weekly
 * pools reset at midnight in Los Angeles on the weekday four days before the start, so
 * the demo always shows a week in progress rather than one that has just begun.
 */
@Component
@Profile("demo")
public class DemoDataLoader {

	static final String SESSION_POOL = "claude-max-5h";

	static final String WEEKLY_POOL = "claude-max-weekly";

	static final String OPUS_POOL = "claude-max-weekly-opus";

	static final long SEED = 20_260_525L;

	private static final ZoneId RESET_ZONE = ZoneId.of("America/Los_Angeles");

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	private final PoolService pools;

	private final TeamService teams;

	private final UsageService usage;

	private final JsonMapper jsonMapper;

	private final IngestProperties ingest;

	private final Clock clock;

	DemoDataLoader(PoolService pools, TeamService teams, UsageService usage, JsonMapper jsonMapper,
			IngestProperties ingest, Clock clock) {
		this.pools = pools;
		this.teams = teams;
		this.usage = usage;
		this.jsonMapper = jsonMapper;
		this.ingest = ingest;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		load();
	}

	/**
	 * Loads the demo data unless it is already there.
	 * @return the number of usage events recorded, 0 when the data was already loaded
	 */
	public int load() {
		if (this.pools.exists(SESSION_POOL)) {
			log.info("Demo data: pool '{}' exists, nothing to load", SESSION_POOL);
			return 0;
		}
		Instant now = this.clock.instant();
		definePools(now);
		defineTeams();
		List<DemoUsage.Call> calls = new DemoUsage(SEED).generate(people(), agents(), now, Duration.ofDays(7));
		int recorded = record(calls, now);
		log.info("Demo data loaded: 3 pools, 3 teams, {} usage events over the last 7 days", recorded);
		return recorded;
	}

	private void definePools(Instant now) {
		DayOfWeek resetDay = now.atZone(RESET_ZONE).minusDays(4).getDayOfWeek();
		this.pools.put(SESSION_POOL,
				new PoolRequest("Claude Max: 5-hour session", Unit.MESSAGES, BigDecimal.valueOf(900),
						new WindowSpec("ROLLING", "PT5H", null, null, null, null), List.of("claude-*"), null, null,
						null, null, null, null));
		this.pools.put(WEEKLY_POOL, new PoolRequest("Claude Max: weekly, all models", Unit.MESSAGES,
				BigDecimal.valueOf(15_000), weekly(resetDay), List.of("claude-*"), null, null, null, null, null, null));
		this.pools.put(OPUS_POOL, new PoolRequest("Claude Max: weekly, Opus", Unit.MESSAGES, BigDecimal.valueOf(4_000),
				weekly(resetDay), List.of("claude-opus-*"), null, null, null, null, null, null));
	}

	private static WindowSpec weekly(DayOfWeek resetDay) {
		return new WindowSpec("CALENDAR", null, CalendarPeriod.WEEKLY, "00:00", resetDay.name(), RESET_ZONE.getId());
	}

	private void defineTeams() {
		team("platform", "Platform", "America/Los_Angeles", "2");
		team("research", "Research", "Europe/Berlin", "1.5");
		team("mobile", "Mobile", "Asia/Tokyo", "1");
		allocate(SESSION_POOL, "platform", "3");
		allocate(SESSION_POOL, "research", "2");
		allocate(SESSION_POOL, "mobile", "1");
		allocate(WEEKLY_POOL, "platform", "2");
		allocate(WEEKLY_POOL, "research", "2");
		allocate(WEEKLY_POOL, "mobile", "1");
		allocate(OPUS_POOL, "platform", "1");
		allocate(OPUS_POOL, "research", "3");
		allocate(OPUS_POOL, "mobile", "1");
	}

	private void team(String id, String name, String zone, String weight) {
		List<MemberSpec> members = people().stream()
			.filter((p) -> p.teamId().equals(id))
			.map((p) -> new MemberSpec(p.memberId(), p.zone().getId(), p.start() + "-" + p.end()))
			.toList();
		this.teams.put(id, new TeamRequest(name, zone, new BigDecimal(weight), null, members));
	}

	private void allocate(String poolId, String teamId, String weight) {
		this.teams.allocate(poolId, teamId, new AllocationRequest(new BigDecimal(weight)));
	}

	/**
	 * The members of the teams, with their working hours and how much of their work goes
	 * to Opus.
	 */
	static List<DemoUsage.Person> people() {
		return Stream
			.of(person("platform", "alice", "America/Los_Angeles", "09:00", "17:00", 0.20),
					person("platform", "bob", "America/Los_Angeles", "10:00", "18:00", 0.15),
					person("platform", "carol", "America/Denver", "08:00", "16:00", 0.25),
					person("platform", "dan", "America/Los_Angeles", "09:00", "17:30", 0.10),
					person("research", "eva", "Europe/Berlin", "09:00", "17:00", 0.45),
					person("research", "felix", "Europe/Berlin", "10:00", "19:00", 0.35),
					person("research", "greta", "Europe/London", "09:00", "17:00", 0.40),
					person("mobile", "hiro", "Asia/Tokyo", "09:30", "18:30", 0.10),
					person("mobile", "yuki", "Asia/Tokyo", "10:00", "19:00", 0.15),
					person("mobile", "kenji", "Asia/Seoul", "09:00", "18:00", 0.20))
			.toList();
	}

	private static DemoUsage.Person person(String teamId, String memberId, String zone, String start, String end,
			double opusShare) {
		return new DemoUsage.Person(teamId, memberId, ZoneId.of(zone), LocalTime.parse(start), LocalTime.parse(end),
				opusShare);
	}

	static List<DemoUsage.Agent> agents() {
		return List.of(agent("platform", "platform-ci-review", "alice", "America/Los_Angeles"),
				agent("research", "research-eval-runner", "eva", "Europe/Berlin"),
				agent("mobile", "mobile-release-bot", "hiro", "Asia/Tokyo"));
	}

	private static DemoUsage.Agent agent(String teamId, String agentId, String ownerId, String zone) {
		return new DemoUsage.Agent(teamId, agentId, ownerId, ZoneId.of(zone), LocalTime.of(9, 0), LocalTime.of(18, 0));
	}

	private int record(List<DemoUsage.Call> calls, Instant now) {
		int batchSize = Math.min(1000, this.ingest.maxBatchSize());
		String prefix = "demo-" + now.getEpochSecond() + "-";
		int recorded = 0;
		for (int from = 0; from < calls.size(); from += batchSize) {
			int to = Math.min(calls.size(), from + batchSize);
			ArrayNode batch = this.jsonMapper.createArrayNode();
			for (int i = from; i < to; i++) {
				batch.add(event(prefix + i, calls.get(i)));
			}
			recorded += this.usage.record(batch).recorded();
			log.info("Demo data: {}/{} events", to, calls.size());
		}
		return recorded;
	}

	private ObjectNode event(String eventId, DemoUsage.Call call) {
		ObjectNode node = this.jsonMapper.createObjectNode();
		node.put("eventId", eventId);
		node.put("teamId", call.teamId());
		if (call.memberId() != null) {
			node.put("memberId", call.memberId());
		}
		if (call.agentId() != null) {
			node.put("agentId", call.agentId());
		}
		node.put("model", call.model());
		node.put("occurredAt", call.occurredAt().toString());
		node.put("inputTokens", call.inputTokens());
		node.put("outputTokens", call.outputTokens());
		node.put("cacheReadTokens", call.cacheReadTokens());
		node.put("cacheCreationTokens", call.cacheCreationTokens());
		node.put("messages", 1);
		node.put("costUsd", call.costUsd());
		node.put("kind", call.automated() ? "AUTOMATED" : "INTERACTIVE");
		return node;
	}

}
