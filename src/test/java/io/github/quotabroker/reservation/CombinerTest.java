package io.github.quotabroker.reservation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CombinerTest {

	@Test
	void aLoneRequestWakesAnIdleLaneAtOnce() throws Exception {
		try (Combiner<Integer, Integer> combiner = new Combiner<>("test", 1, 10,
				(slots) -> slots.forEach((s) -> s.answer(s.input() + 1)),
				() -> new IllegalStateException("unanswered"))) {
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				assertThat(combiner.submit(i)).isEqualTo(i + 1);
			}
			// Lanes found only by their 5 ms sleep running out would take about 500 ms.
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(250);
		}
	}

	@Test
	void requestsArrivingWhileABatchRunsAreRunTogetherAndEachGetsItsOwnAnswer() throws Exception {
		CountDownLatch firstRunning = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> batchSizes = new CopyOnWriteArrayList<>();
		Combiner<Integer, Integer> combiner = new Combiner<>("test", 1, 100, (slots) -> {
			batchSizes.add(slots.size());
			if (batchSizes.size() == 1) {
				firstRunning.countDown();
				await(release);
			}
			slots.forEach((s) -> s.answer(s.input() * 10));
		}, () -> new IllegalStateException("unanswered"));
		ExecutorService pool = Executors.newFixedThreadPool(9);
		try {
			Future<Integer> first = pool.submit(() -> combiner.submit(0));
			assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
			List<Future<Integer>> others = new ArrayList<>();
			for (int i = 1; i <= 8; i++) {
				int input = i;
				others.add(pool.submit(() -> combiner.submit(input)));
			}
			Thread.sleep(200);
			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
			for (int i = 1; i <= 8; i++) {
				assertThat(others.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
			}
			// The eight that waited were run as one batch.
			assertThat(batchSizes).containsExactly(1, 8);
		}
		finally {
			pool.shutdownNow();
			combiner.close();
		}
	}

	@Test
	void aRequestLeftUnansweredOrInAFailedBatchGetsAnException() {
		try (Combiner<Integer, Integer> silent = new Combiner<>("test", 1, 10, (slots) -> {
		}, () -> new IllegalStateException("unanswered"))) {
			assertThatThrownBy(() -> silent.submit(1)).isInstanceOf(IllegalStateException.class)
				.hasMessage("unanswered");
		}
		try (Combiner<Integer, Integer> failing = new Combiner<>("test", 1, 10, (slots) -> {
			throw new IllegalArgumentException("database down");
		}, () -> new IllegalStateException("unanswered"))) {
			assertThatThrownBy(() -> failing.submit(1)).isInstanceOf(IllegalArgumentException.class)
				.hasMessage("database down");
		}
	}

	@Test
	void requestsWaitingForTheirBatchSleepWhileALaneIsFreeAndIdle() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		CountDownLatch releaseX = new CountDownLatch(1);
		CountDownLatch releaseW = new CountDownLatch(1);
		CountDownLatch releaseYz = new CountDownLatch(1);
		CountDownLatch xRunning = new CountDownLatch(1);
		CountDownLatch wRunning = new CountDownLatch(1);
		CountDownLatch yzRunning = new CountDownLatch(1);
		// Inputs: 1 = X, 2 = W, 3 = Y, 4 = Z.
		Combiner<Integer, Integer> combiner = new Combiner<>("test", 2, 10, (slots) -> {
			if (slots.size() == 2) {
				yzRunning.countDown();
				await(releaseYz);
			}
			else if (slots.get(0).input() == 1) {
				xRunning.countDown();
				await(releaseX);
			}
			else if (slots.get(0).input() == 2) {
				wRunning.countDown();
				await(releaseW);
			}
			slots.forEach((s) -> s.answer(s.input()));
		}, () -> new IllegalStateException("unanswered"));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Long> waiterThreads = new CopyOnWriteArrayList<>();
		try {
			// X and W take both lanes; Y and Z queue behind them.
			Future<Integer> x = pool.submit(() -> combiner.submit(1));
			assertThat(xRunning.await(10, TimeUnit.SECONDS)).isTrue();
			Future<Integer> w = pool.submit(() -> combiner.submit(2));
			assertThat(wRunning.await(10, TimeUnit.SECONDS)).isTrue();
			List<Future<Integer>> yz = new ArrayList<>();
			for (int input = 3; input <= 4; input++) {
				int mine = input;
				yz.add(pool.submit(() -> {
					waiterThreads.add(Thread.currentThread().getId());
					return combiner.submit(mine);
				}));
				Thread.sleep(100);
			}
			// W's lane frees and takes Y and Z together into a batch, which blocks.
			releaseW.countDown();
			assertThat(yzRunning.await(10, TimeUnit.SECONDS)).isTrue();
			// X's lane frees and finds nothing to run; Y and Z wait for their batch.
			releaseX.countDown();
			assertThat(x.get(10, TimeUnit.SECONDS)).isEqualTo(1);
			long before = cpu(threads, waiterThreads);
			Thread.sleep(500);
			long spent = cpu(threads, waiterThreads) - before;
			releaseYz.countDown();
			assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(2);
			assertThat(yz.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(3);
			assertThat(yz.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(4);
			// Waiting by spinning (as the first version did when its lane was free)
			// would burn about the whole 500 ms.
			assertThat(TimeUnit.NANOSECONDS.toMillis(spent)).isLessThan(100);
		}
		finally {
			pool.shutdownNow();
			combiner.close();
		}
	}

	private static long cpu(ThreadMXBean threads, List<Long> ids) {
		return ids.stream().mapToLong(threads::getThreadCpuTime).sum();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
