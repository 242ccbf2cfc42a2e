package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastReuseTest {

	private static final Instant HOUR = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void anAnswerIsReusedOnlyForTheSameBasisObjectAndHour() {
		ForecastReuse<String> reuse = new ForecastReuse<>();
		AtomicInteger computed = new AtomicInteger();
		Object basis = new Object();
		assertThat(reuse.get("k", basis, HOUR, () -> "a" + computed.incrementAndGet())).isEqualTo("a1");
		assertThat(reuse.get("k", basis, HOUR, () -> "a" + computed.incrementAndGet())).isEqualTo("a1");
		// Another key, another basis (even an equal one), another hour: computed anew.
		assertThat(reuse.get("other", basis, HOUR, () -> "a" + computed.incrementAndGet())).isEqualTo("a2");
		assertThat(reuse.get("k", new String("x"), HOUR, () -> "a" + computed.incrementAndGet())).isEqualTo("a3");
		assertThat(reuse.get("k", new String("x"), HOUR, () -> "a" + computed.incrementAndGet())).isEqualTo("a4");
		Object next = new Object();
		reuse.get("k", next, HOUR, () -> "a" + computed.incrementAndGet());
		assertThat(reuse.get("k", next, HOUR.plusSeconds(3600), () -> "a" + computed.incrementAndGet()))
			.isEqualTo("a6");
	}

	@Test
	void concurrentCallersOfOneKeyShareOneComputation() throws Exception {
		ForecastReuse<Integer> reuse = new ForecastReuse<>();
		AtomicInteger computed = new AtomicInteger();
		Object basis = new Object();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return reuse.get("k", basis, HOUR, () -> {
						sleepQuietly();
						return computed.incrementAndGet();
					});
				}));
			}
			start.countDown();
			for (Future<Integer> f : answers) {
				assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(computed).hasValue(1);
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
