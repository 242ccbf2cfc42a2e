package io.github.quotabroker.events;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.quotabroker.web.Unavailable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent Event streams this instance serves, by team. Each event the listener
 * receives goes to the streams of its team; each stream gets a heartbeat comment every
 * {@code quota.events.heartbeat}. Writes to one stream happen one at a time off the
 * listener's thread, so a slow client delays nobody else; a client that falls
 * {@value #MAX_PENDING} writes behind is dropped.
 */
@Component
class TeamEventStreams implements TeamEventListener.Subscriber {

	private static final Logger log = LoggerFactory.getLogger(TeamEventStreams.class);

	static final int MAX_PENDING = 1000;

	private final TeamEventListener listener;

	private final EventsProperties properties;

	private final Map<String, Set<Stream>> byTeam = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicLong sequence = new AtomicLong();

	private final ScheduledExecutorService heartbeats;

	private final ThreadPoolExecutor writers;

	TeamEventStreams(TeamEventListener listener, EventsProperties properties, MeterRegistry registry) {
		this.listener = listener;
		this.properties = properties;
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((r) -> daemon(r, "team-events-heartbeat"));
		AtomicInteger writerNumber = new AtomicInteger();
		this.writers = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS,
				new java.util.concurrent.LinkedBlockingQueue<>(),
				(r) -> daemon(r, "team-events-writer-" + writerNumber.incrementAndGet()));
		this.writers.allowCoreThreadTimeOut(true);
		long heartbeat = properties.heartbeat().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
		Gauge.builder("quota.events.streams", this.open, AtomicInteger::get)
			.description("Team event streams (Server-Sent Events) open on this instance")
			.register(registry);
		listener.subscribe(this);
	}

	/**
	 * A new stream of the team's events, or {@link Unavailable} when this instance serves
	 * as many as it may or does not hear events right now.
	 */
	SseEmitter open(String teamId) {
		if (!this.listener.listening()) {
			throw new Unavailable("This instance cannot stream events right now: it is not connected to the "
					+ "event channel; retry shortly");
		}
		int max = this.properties.maxStreams();
		if (this.open.incrementAndGet() > max) {
			this.open.decrementAndGet();
			throw new Unavailable("This instance already serves " + max + " event streams; retry later");
		}
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Stream stream = new Stream(teamId, emitter);
		this.byTeam.computeIfAbsent(teamId, (t) -> ConcurrentHashMap.newKeySet()).add(stream);
		emitter.onCompletion(() -> remove(stream));
		emitter.onTimeout(() -> {
			remove(stream);
			emitter.complete();
		});
		emitter.onError((ex) -> remove(stream));
		// Sent at once, so the client knows the stream is open before any event.
		stream.offer(SseEmitter.event().comment("connected"));
		return emitter;
	}

	int openStreams() {
		return this.open.get();
	}

	@Override
	public boolean wantsEvents() {
		return !this.byTeam.isEmpty();
	}

	@Override
	public void deliver(TeamEventListener.Notification notification) {
		Set<Stream> streams = this.byTeam.get(notification.event().teamId());
		if (streams == null || streams.isEmpty()) {
			return;
		}
		String id = Long.toString(this.sequence.incrementAndGet());
		for (Stream stream : streams) {
			stream.offer(SseEmitter.event()
				.id(id)
				.name(notification.event().type().name())
				.data(notification.json(), MediaType.APPLICATION_JSON));
		}
	}

	@Override
	public void listenerStopped() {
		// Without the listener no event would reach these streams: end them.
		// Clients reconnect, to another instance or to this one once it listens again.
		this.byTeam.values().forEach((streams) -> streams.forEach((stream) -> {
			remove(stream);
			stream.emitter.complete();
		}));
	}

	@PreDestroy
	void shutDown() {
		listenerStopped();
		this.heartbeats.shutdownNow();
		this.writers.shutdownNow();
	}

	private void heartbeat() {
		try {
			this.byTeam.values()
				.forEach((streams) -> streams
					.forEach((stream) -> stream.offer(SseEmitter.event().comment("heartbeat"))));
		}
		catch (RuntimeException ex) {
			log.warn("Could not send event stream heartbeats: {}", ex.getMessage());
		}
	}

	private void remove(Stream stream) {
		if (stream.closed.compareAndSet(false, true)) {
			this.open.decrementAndGet();
			this.byTeam.computeIfPresent(stream.teamId, (team, streams) -> {
				streams.remove(stream);
				return streams.isEmpty() ? null : streams;
			});
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/** One client's stream: what is still to be written, written in order. */
	private final class Stream {

		private final String teamId;

		private final SseEmitter emitter;

		private final Queue<SseEmitter.SseEventBuilder> pending = new ConcurrentLinkedQueue<>();

		private final AtomicInteger size = new AtomicInteger();

		private final AtomicBoolean writing = new AtomicBoolean();

		private final AtomicBoolean closed = new AtomicBoolean();

		Stream(String teamId, SseEmitter emitter) {
			this.teamId = teamId;
			this.emitter = emitter;
		}

		void offer(SseEmitter.SseEventBuilder event) {
			if (this.closed.get()) {
				return;
			}
			if (this.size.incrementAndGet() > MAX_PENDING) {
				log.warn("Dropped a team event stream of team '{}': its client reads too slowly", this.teamId);
				remove(this);
				this.emitter.complete();
				return;
			}
			this.pending.add(event);
			schedule();
		}

		private void schedule() {
			if (this.writing.compareAndSet(false, true)) {
				try {
					TeamEventStreams.this.writers.execute(this::write);
				}
				catch (RuntimeException ex) {
					// shutting down
					this.writing.set(false);
				}
			}
		}

		private void write() {
			try {
				SseEmitter.SseEventBuilder event;
				while (!this.closed.get() && (event = this.pending.poll()) != null) {
					this.size.decrementAndGet();
					this.emitter.send(event);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away, or the stream ended meanwhile.
				// After a failed write the container ends the request itself
				// (see ResponseBodyEmitter).
				remove(this);
				this.pending.clear();
			}
			finally {
				this.writing.set(false);
			}
			if (!this.closed.get() && !this.pending.isEmpty()) {
				schedule();
			}
		}

	}

}
