package io.github.quotabroker.reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines requests into database batches: each lane is a thread that runs everything
 * waiting at that moment as one batch, while callers sleep until their answer is in.
 * Under load one statement or transaction serves many requests; alone, a request is run
 * at once. The lanes are platform threads: a lane waits on the database several times per
 * batch, and a platform thread is woken by the kernel as soon as its answer is in, where
 * a virtual thread would queue for a carrier behind the requests waiting on it. The lanes
 * only batch within this JVM: the database (row locks, conditional updates) is what keeps
 * several instances correct.
 *
 * @param <I> what a caller hands in
 * @param <O> its answer
 */
final class Combiner<I, O> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Combiner.class);

	/**
	 * How long a sleeper sleeps at most; wake-ups come with the answer or new work, and
	 * the timeout only guards against one lost in a race.
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

	/** Lanes with nothing to run, asleep until a request arrives. */
	private final ConcurrentLinkedQueue<Thread> idle = new ConcurrentLinkedQueue<>();

	private final List<Thread> lanes = new ArrayList<>();

	private final int maxBatch;

	private final Consumer<List<Slot<I, O>>> runner;

	private final Supplier<RuntimeException> unanswered;

	private volatile boolean closed;

	/**
	 * @param name the lane threads' name (numbered)
	 * @param lanes batches run at once
	 * @param maxBatch requests per batch at most
	 * @param runner runs one batch and answers its slots; a slot it leaves unanswered, or
	 * every slot of a batch it throws from, fails with {@code unanswered}'s exception (or
	 * the one thrown)
	 * @param unanswered what a caller whose request was not answered gets
	 */
	Combiner(String name, int lanes, int maxBatch, Consumer<List<Slot<I, O>>> runner,
			Supplier<RuntimeException> unanswered) {
		this.maxBatch = Math.max(1, maxBatch);
		this.runner = runner;
		this.unanswered = unanswered;
		for (int i = 1; i <= Math.max(1, lanes); i++) {
			Thread lane = new Thread(this::lane, name + "-" + i);
			lane.setDaemon(true);
			this.lanes.add(lane);
			lane.start();
		}
	}

	/** Hands the request in and returns its answer once its batch has run. */
	O submit(I input) {
		if (this.closed) {
			throw this.unanswered.get();
		}
		Slot<I, O> mine = new Slot<>(input, Thread.currentThread());
		this.waiting.add(mine);
		Thread lane = this.idle.poll();
		if (lane != null) {
			LockSupport.unpark(lane);
		}
		while (!mine.done()) {
			if (this.closed) {
				mine.fail(this.unanswered.get());
				break;
			}
			LockSupport.parkNanos(this, WAIT_NANOS);
		}
		if (mine.failure != null) {
			throw mine.failure;
		}
		return mine.answer;
	}

	private void lane() {
		Thread self = Thread.currentThread();
		while (!this.closed) {
			List<Slot<I, O>> batch = new ArrayList<>();
			Slot<I, O> next;
			while (batch.size() < this.maxBatch && (next = this.waiting.poll()) != null) {
				batch.add(next);
			}
			if (!batch.isEmpty()) {
				try {
					run(batch);
				}
				catch (Throwable ex) {
					// run() has failed the batch's requests; the lane goes on
					log.error("A batch of {} requests failed in {}", batch.size(), self.getName(), ex);
				}
				continue;
			}
			// Registered before looking again.
			// A request queued meanwhile is then seen here or finds this lane to wake.
			this.idle.add(self);
			if (this.waiting.isEmpty()) {
				LockSupport.parkNanos(this, WAIT_NANOS);
			}
			this.idle.remove(self);
		}
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
				LockSupport.unpark(s.thread);
			}
		}
	}

	/** Stops the lanes once their batches are done; requests still waiting fail. */
	@Override
	public void close() {
		this.closed = true;
		this.lanes.forEach(LockSupport::unpark);
		for (Thread lane : this.lanes) {
			try {
				lane.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
