package io.github.quotabroker.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Long-polling on a reservation: waits until a re-read reservation satisfies a condition
 * (for example "is HELD"), waking whenever a {@link TeamEvent} about it is published on
 * any instance, and re-reading every {@code quota.events.recheck} anyway, so a missed
 * notification costs at most that long. Waits in real time on the caller's thread; it is
 * I/O waiting, not domain time.
 */
@Component
public class ReservationWatch implements TeamEventListener.Subscriber {

	private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private final AtomicInteger waiting = new AtomicInteger();

	private final EventsProperties properties;

	ReservationWatch(TeamEventListener listener, EventsProperties properties, MeterRegistry registry) {
		this.properties = properties;
		Gauge.builder("quota.events.waiting", this.waiting, AtomicInteger::get)
			.description("Requests waiting for a reservation to change (long-polls) on this instance")
			.register(registry);
		listener.subscribe(this);
	}

	/**
	 * Reads with {@code reload} until what it returns satisfies {@code until}, or
	 * {@code timeout} (at most {@code quota.events.max-wait}) passes. Reads once at once,
	 * then again after every event about {@code reservationId} and at least every
	 * {@code quota.events.recheck}. Exceptions of {@code reload} (an unknown reservation,
	 * say) propagate.
	 * @return the first value read that satisfies {@code until}, or the last one read
	 * when the time ran out (test it with {@code until} again to tell which)
	 */
	public <T> T await(String reservationId, Predicate<? super T> until, Duration timeout,
			Supplier<? extends T> reload) {
		Duration wait = (timeout == null || timeout.isNegative()) ? Duration.ZERO : timeout;
		if (wait.compareTo(this.properties.maxWait()) > 0) {
			wait = this.properties.maxWait();
		}
		long deadline = System.nanoTime() + wait.toNanos();
		Waiter waiter = new Waiter();
		// Registered before the first read: an event between read and wait is not lost.
		this.waiters.computeIfAbsent(reservationId, (id) -> ConcurrentHashMap.newKeySet()).add(waiter);
		this.waiting.incrementAndGet();
		try {
			T value = reload.get();
			long recheck = this.properties.recheck().toNanos();
			while (!until.test(value)) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || waiter.stopped) {
					return value;
				}
				try {
					if (waiter.signal.tryAcquire(Math.min(left, recheck), TimeUnit.NANOSECONDS)) {
						waiter.signal.drainPermits();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return value;
				}
				value = reload.get();
			}
			return value;
		}
		finally {
			this.waiting.decrementAndGet();
			this.waiters.computeIfPresent(reservationId, (id, set) -> {
				set.remove(waiter);
				return set.isEmpty() ? null : set;
			});
		}
	}

	/** Requests waiting on this instance now. */
	int waiting() {
		return this.waiting.get();
	}

	@Override
	public boolean wantsEvents() {
		return !this.waiters.isEmpty();
	}

	@Override
	public void deliver(TeamEventListener.Notification notification) {
		String reservationId = notification.event().reservationId();
		if (reservationId != null) {
			Set<Waiter> set = this.waiters.get(reservationId);
			if (set != null) {
				set.forEach((waiter) -> waiter.signal.release());
			}
		}
	}

	@Override
	public void listenerStopped() {
		// Shutting down: let every waiter answer with what it read last.
		this.waiters.values().forEach((set) -> set.forEach((waiter) -> {
			waiter.stopped = true;
			waiter.signal.release();
		}));
	}

	private static final class Waiter {

		private final Semaphore signal = new Semaphore(0);

		private volatile boolean stopped;

	}

}
