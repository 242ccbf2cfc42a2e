package io.github.quotabroker.reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Flat combining of requests into database batches: a caller that finds one of the lanes
 * free runs everything waiting at that moment (its own request included) as one batch;
 * the others sleep until their answer is in or a lane frees up, and whoever frees a lane
 * wakes the longest waiting. Under load one statement or transaction serves many
 * requests; alone, a request runs at once. The lanes only batch within this JVM: the
 * database (row locks, conditional updates) is what keeps several instances correct.
 *
 * @param <I> what a caller hands in
 * @param <O> its answer
 */
final class Combiner<I, O> {

	/**
	 * Woken by its answer or by a freed lane; the timeout only guards against a wake-up
	 * lost to a request answered meanwhile.
	 */
	private static final long WAIT_NANOS = Duration.ofMillis(5).toNanos();

	/**
	 * One caller's request. Identity equality: two equal requests are still two callers.
	 */
	static final class Slot<I, O> {

		private final I input;

		private final Thread thread;

		private volatile boolean done;

		private O answer;

		private RuntimeException failure;

		private Slot(I input, Thread thread) {
			this.input = input;
			this.thread = thread;
		}

		I input() {
			return this.input;
		}

		/** Answers the caller (at most once; later answers are ignored). */
		void answer(O answer) {
			if (!this.done) {
				this.answer = answer;
				this.done = true;
			}
		}

		void fail(RuntimeException failure) {
			if (!this.done) {
				this.failure = failure;
				this.done = true;
			}
		}

		boolean done() {
			return this.done;
		}

	}

	private final ConcurrentLinkedQueue<Slot<I, O>> waiting = new ConcurrentLinkedQueue<>();

	private final Semaphore lanes;

	private final int maxBatch;

	private final Consumer<List<Slot<I, O>>> runner;

	private final Supplier<RuntimeException> unanswered;

	/**
	 * @param lanes batches this JVM runs at once
	 * @param maxBatch requests per batch at most
	 * @param runner runs one batch and answers its slots; a slot it leaves unanswered, or
	 * every slot of a batch it throws from, fails with {@code unanswered}'s exception
	 * @param unanswered what a caller whose request was not answered gets
	 */
	Combiner(int lanes, int maxBatch, Consumer<List<Slot<I, O>>> runner, Supplier<RuntimeException> unanswered) {
		this.lanes = new Semaphore(Math.max(1, lanes));
		this.maxBatch = Math.max(1, maxBatch);
		this.runner = runner;
		this.unanswered = unanswered;
	}

	/** Hands the request in and returns its answer once its batch has run. */
	O submit(I input) {
		Slot<I, O> mine = new Slot<>(input, Thread.currentThread());
		this.waiting.add(mine);
		while (!mine.done()) {
			if (!this.lanes.tryAcquire()) {
				LockSupport.parkNanos(this, WAIT_NANOS);
				continue;
			}
			List<Slot<I, O>> batch = new ArrayList<>();
			try {
				Slot<I, O> next;
				while (batch.size() < this.maxBatch && (next = this.waiting.poll()) != null) {
					batch.add(next);
				}
				if (!batch.isEmpty()) {
					run(batch);
				}
			}
			finally {
				this.lanes.release();
			}
			Slot<I, O> longest = this.waiting.peek();
			if (longest != null) {
				LockSupport.unpark(longest.thread);
			}
			if (batch.isEmpty() && !mine.done()) {
				// Another lane took this request into its batch and wakes it when done.
				// Trying the free lane again instead would spin, and spinning virtual
				// threads can take every carrier thread from the one running that batch.
				LockSupport.parkNanos(this, WAIT_NANOS);
			}
		}
		if (mine.failure != null) {
			throw mine.failure;
		}
		return mine.answer;
	}

	private void run(List<Slot<I, O>> batch) {
		try {
			this.runner.accept(batch);
		}
		catch (RuntimeException ex) {
			batch.forEach((s) -> s.fail(ex));
		}
		finally {
			for (Slot<I, O> s : batch) {
				if (!s.done()) {
					s.fail(this.unanswered.get());
				}
				if (s.thread != Thread.currentThread()) {
					LockSupport.unpark(s.thread);
				}
			}
		}
	}

}
