package io.github.quotabroker.reservation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.queue.QueueGrants;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Two application instances on one database and 64 clients racing for one pool: no
 * interleaving of holds, commits, releases, usage and expiries ever holds more than the
 * pool has.
 */
class ConcurrentReservationsIT extends HttpIntegrationTestBase {

	private static final int CLIENTS = 64;

	private static final long LIMIT = 200;

	@Autowired
	Environment environment;

	@Autowired
	ExpirySweeper sweeper;

	@Autowired
	ReservationService reservations;

	@Autowired
	QueueGrants queue;

	private ConfigurableApplicationContext second;

	private List<Http> instances;

	@BeforeEach
	void twoInstances() throws Exception {
		this.api.rollingPool("session", LIMIT, "PT5H", "claude-*");
		this.api.team("platform", "UTC");
		this.api.team("research", "UTC");
		// Both teams may borrow without limit, so only the pool's capacity decides (the
		// fair-share race has its own test).
		this.api.put("/pools/session/allocations/platform", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/research", "{\"borrowLimitPercent\":null}")
			.andExpect(status().is2xxSuccessful());
		this.second = new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--quota.security.requests-per-second=1000000", "--quota.security.burst=1000000",
				"--spring.datasource.hikari.maximum-pool-size=10",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		this.second.getBean(MutableClock.class).set(this.clock.instant());
		int secondPort = Integer.parseInt(this.second.getEnvironment().getProperty("local.server.port"));
		this.instances = List.of(new Http(this.port), new Http(secondPort));
	}

	@AfterEach
	void stopSecond() {
		if (this.second != null) {
			this.second.close();
		}
	}

	private void advance(Duration duration) {
		this.clock.advance(duration);
		this.second.getBean(MutableClock.class).set(this.clock.instant());
	}

	@Test
	void sixtyFourClientsOnTwoInstancesRacingForRoomForTwentyHoldsGetExactlyTwenty() throws Exception {
		// 200 fits exactly 20 holds of 10.
		List<Integer> statuses = race(CLIENTS,
				(client) -> this.instances.get(client % 2)
					.post("/reservations",
							"{\"teamId\":\"%s\",\"poolId\":\"session\",\"amount\":10}"
								.formatted((client % 3 == 0) ? "research" : "platform"))
					.statusCode());
		assertThat(statuses.stream().filter((s) -> s == 201).count()).isEqualTo(20);
		assertThat(statuses.stream().filter((s) -> s == 409).count()).isEqualTo(CLIENTS - 20);
		assertThat(held()).isEqualTo(LIMIT);
	}

	@Test
	void capsOnConcurrentHoldsHoldAcrossTwoInstances() throws Exception {
		// Quota for 200 holds of 1, but at most 12 in force at once, 3 of them
		// research's.
		this.api.pool("session", """
				{"name":"session","unit":"MESSAGES","limit":200,"window":{"type":"ROLLING","duration":"PT5H"},
				 "models":["claude-*"],"maxActiveHolds":12}
				""");
		this.api.put("/teams/research", "{\"name\":\"research\",\"timezone\":\"UTC\",\"maxActiveHolds\":3}")
			.andExpect(status().isOk());
		List<String> teams = new CopyOnWriteArrayList<>();
		List<Integer> statuses = race(CLIENTS, (client) -> {
			String team = (client % 3 == 0) ? "research" : "platform";
			HttpResponse<String> answer = this.instances.get(client % 2)
				.post("/reservations", "{\"teamId\":\"%s\",\"poolId\":\"session\",\"amount\":1}".formatted(team));
			if (answer.statusCode() == 201) {
				teams.add(team);
			}
			else {
				assertThat(answer.body()).contains("maxActiveHolds");
			}
			return answer.statusCode();
		});
		assertThat(statuses.stream().filter((s) -> s == 201).count()).isEqualTo(12);
		assertThat(teams.stream().filter("research"::equals).count()).isEqualTo(3);
		assertThat(this.jdbc.sql("select count(*) from reservations where pool_id = 'session' and status = 'HELD'")
			.query(Long.class)
			.single()).isEqualTo(12);
	}

	@Test
	void admissionChecksThatHoldAreDecidedUnderTheSameLocks() throws Exception {
		// AUTOMATED work may use 90 % of 200: exactly 9 holds of 20 are admitted.
		List<Integer> decisions = new CopyOnWriteArrayList<>();
		race(CLIENTS, (client) -> {
			HttpResponse<String> answer = this.instances.get(client % 2)
				.post("/teams/platform/admission",
						"{\"poolId\":\"session\",\"estimatedAmount\":20,\"kind\":\"AUTOMATED\",\"priority\":\"CRITICAL\",\"hold\":true}");
			decisions.add(JsonPath.read(answer.body(), "$.decision").equals("ADMIT") ? 1 : 0);
			return answer.statusCode();
		});
		assertThat(decisions.stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
		assertThat(held()).isEqualTo(180);
	}

	@Test
	void twoInstancesSweepingAtOnceExpireEachHoldOnce() throws Exception {
		for (int i = 0; i < 150; i++) {
			this.instances.get(i % 2)
				.post("/reservations",
						"{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":1,\"ttl\":\"PT1M\"}");
		}
		advance(Duration.ofMinutes(2));
		ExpirySweeper mine = this.sweeper;
		ExpirySweeper theirs = this.second.getBean(ExpirySweeper.class);
		List<Integer> swept = together(4, (client) -> ((client % 2 == 0) ? mine : theirs).sweep());
		assertThat(swept.stream().mapToInt(Integer::intValue).sum()).isEqualTo(150);
		assertThat(
				this.jdbc.sql("select count(*) from reservations where status = 'EXPIRED'").query(Long.class).single())
			.isEqualTo(150);
	}

	@Test
	void mixedHoldsCommitsReleasesUsageAndExpiriesNeverHoldMoreThanThePoolHas() throws Exception {
		Random random = new Random(42);
		// Live holds: id -> [expires at (epoch second), amount not yet used].
		Map<String, long[]> live = new ConcurrentHashMap<>();
		AtomicInteger granted = new AtomicInteger();
		AtomicInteger events = new AtomicInteger();
		for (int step = 0; step < 12; step++) {
			// Each live hold gets at most one operation per step, so that usage is only
			// ever sent against a hold that is still held (usage beyond holds would
			// arrive whatever the broker decided).
			List<String> snapshot = new ArrayList<>(live.keySet());
			java.util.Collections.shuffle(snapshot, random);
			long[] seeds = random.longs(CLIENTS).toArray();
			race(CLIENTS, (client) -> {
				Random r = new Random(seeds[client]);
				Http http = this.instances.get(r.nextInt(2));
				if (client >= snapshot.size() || r.nextInt(3) == 0) {
					String ttl = (r.nextBoolean()) ? "PT2M" : "PT30M";
					long amount = 1 + r.nextInt(15);
					HttpResponse<String> answer = http.post("/reservations",
							"{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":%d,\"ttl\":\"%s\"}"
								.formatted(amount, ttl));
					if (answer.statusCode() == 201) {
						granted.incrementAndGet();
						Instant expires = Instant.parse(JsonPath.read(answer.body(), "$.expiresAt"));
						live.put(JsonPath.read(answer.body(), "$.id"), new long[] { expires.getEpochSecond(), amount });
					}
					return answer.statusCode();
				}
				String id = snapshot.get(client);
				long[] hold = live.get(id);
				int op = r.nextInt(4);
				if (op < 2 && hold[1] > 0) {
					hold[1]--;
					return http
						.post("/usage-events",
								"""
										{"eventId":"e-%d","teamId":"platform","model":"claude-opus","occurredAt":"%s","messages":1,"reservationId":"%s"}
										"""
									.formatted(events.incrementAndGet(), this.clock.instant(), id))
						.statusCode();
				}
				live.remove(id);
				if (op == 2) {
					return http.post("/reservations/" + id + "/commit", "{\"amount\":1}").statusCode();
				}
				return http.post("/reservations/" + id + "/release", "").statusCode();
			});
			assertInvariant();
			if (step % 3 == 2) {
				// Short holds expire; the pool must not count them any more.
				advance(Duration.ofMinutes(3));
				long now = this.clock.instant().getEpochSecond();
				live.values().removeIf((hold) -> hold[0] <= now);
				assertInvariant();
			}
		}
		assertThat(granted.get()).isGreaterThan(CLIENTS);
		assertThat(events.get()).isPositive();
	}

	@Test
	void holdsForManyPoolsDecidedTogetherNeverPassAnyPoolsLimit() throws Exception {
		// Eight pools of 50: each fits exactly 5 holds of 10, and 16 clients ask for
		// each.
		for (int p = 0; p < 8; p++) {
			this.api.rollingPool("p" + p, 50, "PT5H", "claude-*");
			this.api.put("/pools/p" + p + "/allocations/platform", "{\"borrowLimitPercent\":null}")
				.andExpect(status().is2xxSuccessful());
		}
		List<Integer> statuses = race(CLIENTS * 2,
				(client) -> this.instances.get(client % 2)
					.post("/reservations",
							"{\"teamId\":\"platform\",\"poolId\":\"p%d\",\"amount\":10}".formatted(client % 8))
					.statusCode());
		assertThat(statuses.stream().filter((s) -> s == 201).count()).isEqualTo(40);
		assertThat(this.jdbc
			.sql("select pool_id, sum(amount) from reservations where status = 'HELD' group by pool_id order by 1")
			.query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
			.list()).containsExactly("p0=50", "p1=50", "p2=50", "p3=50", "p4=50", "p5=50", "p6=50", "p7=50");
	}

	@Test
	void releasesRacingOnTwoInstancesEndEachHoldOnceAndOnlyTheCallersOwn() throws Exception {
		List<String> platform = new ArrayList<>();
		List<String> research = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			platform.add(hold(this.instances.get(i % 2), "platform", 2));
		}
		for (int i = 0; i < 8; i++) {
			research.add(hold(this.instances.get(i % 2), "research", 3));
		}
		HttpResponse<String> minted = this.instances.get(0).post("/api-keys", """
				{"name":"platform agent","role":"AGENT","teamId":"platform"}
				""");
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
		String platformKey = JsonPath.read(minted.body(), "$.secret");
		List<Http> platformAgent = List.of(new Http(this.port, platformKey),
				new Http(Integer.parseInt(this.second.getEnvironment().getProperty("local.server.port")), platformKey));
		// 0-39 release platform's holds and 40-47 the first eight again, as platform's
		// agent; 48-55 try research's holds as platform's agent; 56-63 release them as
		// admin.
		List<Integer> statuses = together(CLIENTS, (client) -> {
			int instance = client % 2;
			if (client < 48) {
				return platformAgent.get(instance)
					.post("/reservations/" + platform.get(client % 40) + "/release", "")
					.statusCode();
			}
			if (client < 56) {
				return platformAgent.get(instance)
					.post("/reservations/" + research.get(client - 48) + "/release", "")
					.statusCode();
			}
			return this.instances.get(instance)
				.post("/reservations/" + research.get(client - 56) + "/release", "")
				.statusCode();
		});
		assertThat(statuses.subList(0, 48)).containsOnly(200);
		assertThat(statuses.subList(48, 56)).containsOnly(403);
		assertThat(statuses.subList(56, 64)).containsOnly(200);
		assertThat(count("RELEASED")).isEqualTo(48);
		assertThat(held()).isZero();
	}

	@Test
	void releasesDoneInOneStatementReleaseOnlyHeldHoldsOfTheTeamAsked() throws Exception {
		Http http = this.instances.get(0);
		String a = hold(http, "platform", 5);
		String b = hold(http, "platform", 5);
		String c = hold(http, "research", 5);
		String gone = hold(http, "research", 5);
		assertThat(http.post("/reservations/" + gone + "/release", "").statusCode()).isEqualTo(200);
		ReservationStore store = this.second.getBean(ReservationStore.class);
		Map<String, ReservationStore.Released> released = store.releaseAllIfHeld(
				List.of(new ReservationStore.ReleaseAsked(b, "platform"), new ReservationStore.ReleaseAsked(a, null),
						new ReservationStore.ReleaseAsked(b, "platform"),
						new ReservationStore.ReleaseAsked(c, "platform"), new ReservationStore.ReleaseAsked(gone, null),
						new ReservationStore.ReleaseAsked("no-such-hold", null)),
				"released in a test", this.clock.instant());
		assertThat(released).containsOnlyKeys(a, b);
		assertThat(released.get(b).reservation().status()).isEqualTo(ReservationStatus.RELEASED);
		assertThat(released.get(b).queued()).isFalse();
		assertThat(count("RELEASED")).isEqualTo(3);
		assertThat(held()).isEqualTo(5);
	}

	private static String hold(Http http, String team, long amount) throws Exception {
		HttpResponse<String> answer = http.post("/reservations",
				"{\"teamId\":\"%s\",\"poolId\":\"session\",\"amount\":%d}".formatted(team, amount));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return JsonPath.read(answer.body(), "$.id");
	}

	@Test
	void anInstanceThatLookedUpAnAllocationBeforeItWentAwayHoldsNothing() throws Exception {
		Http theirs = this.instances.get(1);
		String id = JsonPath.read(
				theirs.post("/reservations", "{\"teamId\":\"research\",\"poolId\":\"session\",\"amount\":10}").body(),
				"$.id");
		assertThat(theirs.post("/reservations/" + id + "/release", "").statusCode()).isEqualTo(200);
		// Removed through this instance: the other keeps what it looked up for a while.
		this.api.delete("/pools/session/allocations/research").andExpect(status().isNoContent());
		HttpResponse<String> answer = theirs.post("/reservations",
				"{\"teamId\":\"research\",\"poolId\":\"session\",\"amount\":10}");
		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(answer.body()).contains("research");
		assertThat(count("HELD")).isZero();
	}

	@Test
	void anInstanceThatLookedUpAPoolBeforeItsUnitChangedAsksForTheRequestAgain() throws Exception {
		this.api.rollingPool("fresh", 1000, "PT5H", "gpt-*");
		this.api.put("/pools/fresh/allocations/platform", "{}").andExpect(status().is2xxSuccessful());
		Http theirs = this.instances.get(1);
		// A refused request still looks the pool up.
		assertThat(theirs.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"fresh\",\"amount\":5000}")
			.statusCode()).isEqualTo(409);
		this.api.pool("fresh",
				"""
						{"name":"fresh","unit":"TOKENS","limit":1000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["gpt-*"]}
						""");
		HttpResponse<String> answer = theirs.post("/reservations",
				"{\"teamId\":\"platform\",\"poolId\":\"fresh\",\"amount\":10}");
		assertThat(answer.statusCode()).isEqualTo(409);
		assertThat(answer.body()).contains("now counts TOKENS");
		assertThat(this.jdbc.sql("select count(*) from reservations where pool_id = 'fresh' and status = 'HELD'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aQueueAnotherInstanceChangedIsReadAgain() throws Exception {
		Http mine = this.instances.get(0);
		Http theirs = this.instances.get(1);
		assertThat(mine
			.post("/reservations", "{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":200,\"ttl\":\"PT1H\"}")
			.statusCode()).isEqualTo(201);
		// a second apart, so that arrival decides their order
		String a = queueOn(mine, "PT2H")[0];
		advance(Duration.ofSeconds(1));
		String b = queueOn(mine, "PT2H")[0];
		advance(Duration.ofSeconds(1));
		String shortLived = queueOn(mine, "PT1M")[0];
		assertThat(position(mine, b)).isEqualTo(2);
		// The other instance cancels one: this instance must not place the next behind
		// it...
		assertThat(theirs.send("DELETE", "/reservations/" + a, null).statusCode()).isEqualTo(200);
		advance(Duration.ofSeconds(1));
		assertThat(queueOn(mine, "PT2H")[1]).as("position after the cancel").isEqualTo("3");
		// ...nor behind one that the other instance's sweep expired.
		advance(Duration.ofMinutes(2));
		assertThat(this.second.getBean(ExpirySweeper.class).sweep()).isEqualTo(1);
		assertThat(statusOf(shortLived)).isEqualTo("EXPIRED");
		assertThat(queueOn(mine, "PT2H")[1]).as("position after the sweep").isEqualTo("3");
		assertThat(position(mine, b)).isEqualTo(1);
	}

	/** Queues a request of 10 on the instance; answers its id and position. */
	private String[] queueOn(Http instance, String deadlineAfter) throws Exception {
		HttpResponse<String> answer = instance.post("/reservations",
				"{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":10,\"queue\":true,\"deadline\":\"%s\"}"
					.formatted(this.clock.instant().plus(Duration.parse(deadlineAfter))));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return new String[] { JsonPath.read(answer.body(), "$.id"),
				String.valueOf((Integer) JsonPath.read(answer.body(), "$.position")) };
	}

	private static int position(Http instance, String id) throws Exception {
		return JsonPath.read(instance.get("/reservations/" + id).body(), "$.position");
	}

	private String statusOf(String id) {
		return this.jdbc.sql("select status from reservations where id = ?").param(id).query(String.class).single();
	}

	@Test
	void racingTeamsNeverPassTheirCapsOrThePool() throws Exception {
		// Default terms: shares 100 / 100, caps 120 each (20 % borrowing).
		this.api.put("/pools/session/allocations/platform", "{}").andExpect(status().is2xxSuccessful());
		this.api.put("/pools/session/allocations/research", "{}").andExpect(status().is2xxSuccessful());
		List<Integer> statuses = race(CLIENTS,
				(client) -> this.instances.get(client % 2)
					.post("/reservations",
							"{\"teamId\":\"%s\",\"poolId\":\"session\",\"amount\":10}"
								.formatted((client % 4 == 0) ? "research" : "platform"))
					.statusCode());
		// Whoever comes first, neither team passes its cap of 120 (platform alone asks
		// for 480), and together they fill the pool exactly.
		assertThat(heldBy("platform")).isLessThanOrEqualTo(120);
		assertThat(heldBy("research")).isLessThanOrEqualTo(120);
		assertThat(heldBy("platform") + heldBy("research")).isEqualTo(LIMIT);
		assertThat(statuses.stream().filter((s) -> s == 201).count()).isEqualTo(20);
	}

	@Test
	void queuedRequestsAreGrantedOnceAcrossTwoInstancesAndNeverOversubscribe() throws Exception {
		List<String> blocking = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			blocking.add(JsonPath.read(this.instances.get(i % 2)
				.post("/reservations",
						"{\"teamId\":\"platform\",\"poolId\":\"session\",\"amount\":20,\"ttl\":\"PT1H\"}")
				.body(), "$.id"));
		}
		List<Integer> queued = together(CLIENTS,
				(client) -> this.instances.get(client % 2)
					.post("/reservations",
							"{\"teamId\":\"%s\",\"poolId\":\"session\",\"amount\":10,\"queue\":true}"
								.formatted((client % 2 == 0) ? "research" : "platform"))
					.statusCode());
		assertThat(queued).containsOnly(202);
		// Releases on both instances at once; each dispatches after its commit, and both
		// poll their due queues at the same time too.
		QueueGrants mine = this.queue;
		QueueGrants theirs = this.second.getBean(QueueGrants.class);
		together(10,
				(client) -> this.instances.get(client % 2)
					.post("/reservations/" + blocking.get(client) + "/release", "")
					.statusCode());
		together(4, (client) -> ((client % 2 == 0) ? mine : theirs).dispatch("session"));
		assertThat(held()).isEqualTo(LIMIT);
		assertThat(count("HELD")).isEqualTo(20);
		assertThat(count("QUEUED")).isEqualTo(CLIENTS - 20);
		// Every grant was made once: a granted request was QUEUED exactly until then.
		assertThat(this.jdbc
			.sql("select count(*) from reservations where status = 'HELD' and queued_at is not null "
					+ "and reason like 'granted from the queue%'")
			.query(Long.class)
			.single()).isEqualTo(20);
	}

	private long count(String status) {
		return this.jdbc.sql("select count(*) from reservations where pool_id = 'session' and status = ?")
			.param(status)
			.query(Long.class)
			.single();
	}

	private long heldBy(String team) {
		return this.jdbc
			.sql("select coalesce(sum(greatest(amount - consumed, 0)), 0) from reservations "
					+ "where pool_id = 'session' and team_id = ? and status = 'HELD'")
			.param(team)
			.query(Long.class)
			.single();
	}

	/** Usage in the window plus what active reservations hold never exceeds the limit. */
	private void assertInvariant() {
		Instant now = this.clock.instant();
		long used = this.jdbc
			.sql("select coalesce(sum(amount), 0) from usage_minute_buckets where pool_id = 'session' "
					+ "and bucket_start >= ?")
			.param(java.sql.Timestamp
				.from(now.minus(Duration.ofHours(5)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)))
			.query(Long.class)
			.single();
		long held = held();
		assertThat(used + held).as("used %d + held %d", used, held).isLessThanOrEqualTo(LIMIT);
		// No reservation ever reports more consumed than granted plus the commit's own
		// usage.
		assertThat(this.jdbc
			.sql("select count(*) from reservations where status in ('HELD', 'SCHEDULED') " + "and consumed > amount")
			.query(Long.class)
			.single()).isZero();
	}

	private long held() {
		return this.jdbc
			.sql("select coalesce(sum(greatest(amount - consumed, 0)), 0) from reservations "
					+ "where pool_id = 'session' and status in ('HELD', 'SCHEDULED') and expires_at > ?")
			.param(java.sql.Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
	}

	private interface Client {

		int call(int client) throws Exception;

	}

	/** Every client calls at once; answers the statuses, each a 200, 201 or 409. */
	private static List<Integer> race(int clients, Client body) throws Exception {
		List<Integer> statuses = together(clients, body);
		assertThat(statuses).allSatisfy((status) -> assertThat(status).isIn(200, 201, 409));
		return statuses;
	}

	/** Every client calls at once; answers what each answered. */
	private static List<Integer> together(int clients, Client body) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				int client = i;
				Callable<Integer> call = () -> {
					start.await();
					return body.call(client);
				};
				futures.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> answers = new ArrayList<>();
			for (Future<Integer> f : futures) {
				answers.add(f.get(2, TimeUnit.MINUTES));
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
