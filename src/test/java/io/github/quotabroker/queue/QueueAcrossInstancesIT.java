package io.github.quotabroker.queue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.SecondInstance;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances queueing into the same pools (issue #17): an instance whose known queue
 * the other one added to reads only the arrivals, and still plans with every request;
 * once a request left the queue it reads the queue whole.
 */
class QueueAcrossInstancesIT extends HttpIntegrationTestBase {

	private static ConfigurableApplicationContext second;

	@Autowired
	Environment environment;

	@Autowired
	MeterRegistry registry;

	private Http a;

	private Http b;

	private MutableClock secondClock;

	@BeforeEach
	void twoInstancesAndAFullPool() throws Exception {
		if (second == null) {
			second = SecondInstance.start(this.environment);
		}
		this.secondClock = second.getBean(MutableClock.class);
		this.secondClock.set(this.clock.instant());
		this.a = new Http(this.port);
		this.b = new Http(SecondInstance.port(second));
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.put("/pools/session/allocations/alpha", "{\"borrowLimitPercent\":null}");
	}

	@AfterAll
	static void stopTheSecondInstance() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	/** Both clocks a second on: arrivals are ordered by when they queued. */
	private void tick() {
		this.clock.advance(Duration.ofSeconds(1));
		this.secondClock.set(this.clock.instant());
	}

	private static String hold(Http http, long amount) throws Exception {
		HttpResponse<String> answer = http.post("/reservations",
				"{\"teamId\":\"alpha\",\"poolId\":\"session\",\"amount\":" + amount + "}");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return JsonPath.read(answer.body(), "$.id");
	}

	/** Queues 40 and answers the position the deciding instance gave it. */
	private static int queue(Http http) throws Exception {
		return JsonPath.read(queued(http), "$.position");
	}

	/** Queues 40 and answers the request as the deciding instance answered it. */
	private static String queued(Http http) throws Exception {
		HttpResponse<String> answer = http.post("/reservations",
				"{\"teamId\":\"alpha\",\"poolId\":\"session\",\"amount\":40,\"queue\":true}");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return answer.body();
	}

	private static double reads(MeterRegistry registry, String how) {
		return registry.get("quota.queue.reads").tag("read", how).counter().count();
	}

	@Test
	void anInstanceCatchesUpWithTheOthersArrivalsWithoutReadingTheWholeQueue() throws Exception {
		String blocking = hold(this.a, 100);
		MeterRegistry secondRegistry = second.getBean(MeterRegistry.class);

		assertThat(queue(this.a)).isEqualTo(1);
		tick();
		String secondRequest = queued(this.b);
		assertThat(JsonPath.<Integer>read(secondRequest, "$.position")).isEqualTo(2);
		tick();
		// A's first queue read (its first decision stamped a queue it had not read).
		assertThat(queue(this.a)).isEqualTo(3);
		tick();
		double secondArrivals = reads(secondRegistry, "arrivals");
		double secondFull = reads(secondRegistry, "full");
		assertThat(queue(this.b)).isEqualTo(4);
		assertThat(reads(secondRegistry, "arrivals")).isGreaterThan(secondArrivals);
		assertThat(reads(secondRegistry, "full")).isEqualTo(secondFull);
		tick();
		double arrivals = reads(this.registry, "arrivals");
		double full = reads(this.registry, "full");
		assertThat(queue(this.a)).isEqualTo(5);
		assertThat(reads(this.registry, "arrivals")).isGreaterThan(arrivals);
		assertThat(reads(this.registry, "full")).isEqualTo(full);

		// The release grants the first two (80 of 100): requests left the queue.
		tick();
		HttpResponse<String> released = this.a.post("/reservations/" + blocking + "/release", "");
		assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
		HttpResponse<String> granted = this.b
			.get("/reservations/" + JsonPath.read(secondRequest, "$.id") + "?waitFor=HELD&timeout=PT10S");
		assertThat(JsonPath.<String>read(granted.body(), "$.status")).isEqualTo("HELD");
		tick();
		assertThat(waiting()).isEqualTo(3);
		secondFull = reads(secondRegistry, "full");
		assertThat(queue(this.b)).isEqualTo(4);
		assertThat(reads(secondRegistry, "full")).isGreaterThan(secondFull);
	}

	@Test
	void afterParallelArrivalsOnBothInstancesEachOneStillSeesTheWholeQueue() throws Exception {
		hold(this.a, 100);
		int clients = 8;
		int perClient = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<Integer>> answers = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			Http http = (c % 2 == 0) ? this.a : this.b;
			Callable<Integer> call = () -> {
				start.await();
				int n = 0;
				for (int i = 0; i < perClient; i++) {
					n += (queue(http) > 0) ? 1 : 0;
				}
				return n;
			};
			answers.add(pool.submit(call));
		}
		start.countDown();
		int queued = 0;
		for (Future<Integer> f : answers) {
			queued += f.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(queued).isEqualTo(clients * perClient);
		// A later arrival on either instance is placed behind every one of them.
		tick();
		assertThat(queue(this.a)).isEqualTo(queued + 1);
		tick();
		assertThat(queue(this.b)).isEqualTo(queued + 2);
		tick();
		assertThat(queue(this.a)).isEqualTo(queued + 3);
		assertThat(waiting()).isEqualTo(queued + 3);
	}

	private int waiting() throws Exception {
		HttpResponse<String> queue = this.b.get("/pools/session/queue");
		return JsonPath.read(queue.body(), "$.size");
	}

}
