import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overload client of bench/faults.sh (issue #17). Three phases against one instance:
 * <ol>
 * <li>sustainable: WORKERS closed-loop clients post single usage events for 10 s; their
 * acknowledged rate is the sustainable rate S, and their p99 the normal latency;</li>
 * <li>overload: open-loop posts at FACTOR × S for DURATION s (each request sent on its
 * schedule whether or not earlier ones were answered; at most 20,000 in flight);</li>
 * <li>after: closed-loop again at half the workers for 30 s, p99 per second, to see when
 * the latency is back to normal (within 1.5× of phase 1's p99, or 20 ms more).</li>
 * </ol>
 * Meanwhile it asks {@code /actuator/health} every 0.5 s (2 s timeout) and reads the heap
 * in use from {@code /actuator/prometheus} every second. Writes {@code acked-events.txt}
 * (every event id answered 200/201), {@code per-second.txt} and one {@code RESULT} line.
 */
public class OverloadLoad {

	static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.executor(Executors.newFixedThreadPool(8))
		.build();

	static final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();

	static final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	static final Map<Long, List<Long>> latencies = new ConcurrentHashMap<>();

	/** Latencies of the after phase's own requests, per second (late overload answers excluded). */
	static final Map<Long, List<Long>> afterLatencies = new ConcurrentHashMap<>();

	static String target;

	static String key;

	static String team;

	static long startMs;

	static final AtomicLong sequence = new AtomicLong();

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		target = a.get("target");
		key = a.get("key");
		team = a.getOrDefault("team", "fault-team");
		int workers = Integer.parseInt(a.getOrDefault("workers", "32"));
		double factor = Double.parseDouble(a.getOrDefault("factor", "10"));
		long overloadSecs = Long.parseLong(a.getOrDefault("duration", "60"));
		Path out = Path.of(a.getOrDefault("out", "."));
		String run = a.getOrDefault("run", "overload");
		startMs = System.currentTimeMillis();

		AtomicLong healthFailures = new AtomicLong();
		AtomicLong healthChecks = new AtomicLong();
		AtomicLong maxHeap = new AtomicLong();
		Thread watcher = new Thread(() -> watch(healthChecks, healthFailures, maxHeap));
		watcher.setDaemon(true);
		watcher.start();

		// 0. warm-up (not measured): a cold JVM's first seconds would set a sustainable rate
		// far below what it serves once compiled, and so an "overload" that is no overload.
		long warmupSecs = Long.parseLong(a.getOrDefault("warmup", "30"));
		if (warmupSecs > 0) {
			closedLoop(run + "-w", workers, warmupSecs * 1000, "warmup");
		}
		// 1. sustainable
		long[] p1 = closedLoop(run + "-s", workers, 10_000, "sustainable");
		double sustainable = p1[0] / 10.0;
		long normalP99 = p1[1];
		// 2. overload, open loop
		double rate = factor * sustainable;
		long overloadStart = System.currentTimeMillis();
		long periodNanos = (long) (1e9 / rate);
		int connections = Integer.parseInt(a.getOrDefault("connections", "0"));
		if (connections > 0) {
			paced(run, connections, rate, overloadSecs);
		}
		Semaphore inFlight = new Semaphore(20_000);
		long begin = System.nanoTime();
		long sent = 0;
		while (connections == 0 && System.nanoTime() - begin < overloadSecs * 1_000_000_000L) {
			long due = begin + sent * periodNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait);
			}
			sent++;
			if (!inFlight.tryAcquire()) {
				count("overload.client_skipped");
				continue;
			}
			String id = "ev-" + run + "-o-" + sequence.incrementAndGet();
			count("overload.sent");
			long t0 = System.currentTimeMillis();
			client.sendAsync(request(id), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
				inFlight.release();
				record("overload", id, t0, response, error);
			});
		}
		long overloadEnd = System.currentTimeMillis();
		// 3. after: the first second from which p99 is back to normal
		long[] p3 = closedLoop(run + "-a", Math.max(1, workers / 2), 30_000, "after");
		long recoveredAt = -1;
		long threshold = Math.max((long) (normalP99 * 1.5), normalP99 + 20);
		long afterFirst = (overloadEnd - startMs) / 1000 + 1;
		for (long s = afterFirst; s <= afterFirst + 30; s++) {
			List<Long> l = afterLatencies.get(s);
			if (l == null || l.isEmpty()) {
				continue;
			}
			boolean restNormal = true;
			for (long r = s; r <= afterFirst + 30; r++) {
				List<Long> lr = afterLatencies.get(r);
				if (lr != null && !lr.isEmpty() && p99(lr) > threshold) {
					restNormal = false;
					break;
				}
			}
			if (restNormal) {
				recoveredAt = s;
				break;
			}
		}
		Files.write(out.resolve("acked-events.txt"), acked);
		Files.write(out.resolve("holds.txt"), List.of());
		List<String> perSecond = new ArrayList<>();
		new TreeMap<>(latencies).forEach((s, l) -> perSecond.add(s + " " + l.size() + " " + p99(l)));
		Files.write(out.resolve("per-second.txt"), perSecond);
		StringBuilder line = new StringBuilder("RESULT");
		line.append(" acked_events=").append(acked.size());
		line.append(String.format(" sustainable_per_s=%.0f normal_p99_ms=%d offered_per_s=%.0f overload_s=%d", sustainable,
				normalP99, rate, overloadSecs));
		line.append(" after_p99_ms=").append(p3[1]);
		line.append(" back_to_normal_after_s=")
			.append(recoveredAt < 0 ? "never" : String.valueOf(Math.max(0, recoveredAt * 1000 - (overloadEnd - startMs)) / 1000.0));
		line.append(" health_checks=").append(healthChecks.get()).append(" health_failures=").append(healthFailures.get());
		line.append(" max_heap_mb=").append(maxHeap.get() / (1024 * 1024));
		line.append(" unavailable_without_retry_after=").append(get("unavailable_without_retry_after"));
		line.append(" gave_up=0");
		new TreeMap<>(counts).forEach((k, v) -> {
			if (!k.equals("unavailable_without_retry_after")) {
				line.append(' ').append(k).append('=').append(v.get());
			}
		});
		System.out.println(line);
		System.exit(0);
	}

	static long get(String k) {
		AtomicLong v = counts.get(k);
		return v == null ? 0 : v.get();
	}

	static void count(String k) {
		counts.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
	}

	static HttpRequest request(String id) {
		String body = "{\"eventId\":\"" + id + "\",\"teamId\":\"" + team
				+ "\",\"model\":\"claude-sonnet-4-5\",\"occurredAt\":\"" + Instant.now()
				+ "\",\"inputTokens\":100,\"outputTokens\":10}";
		return HttpRequest.newBuilder(URI.create(target + "/usage-events"))
			.timeout(Duration.ofSeconds(35))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	static void record(String phase, String id, long t0, HttpResponse<?> response, Throwable error) {
		long now = System.currentTimeMillis();
		if (error != null) {
			count(phase + ".no_answer");
			Throwable cause = error;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			// Connect timeouts (the server's backlog full) and request timeouts (accepted, never
			// answered) point at different queues.
			count(phase + ".no_answer." + cause.getClass().getSimpleName());
			return;
		}
		int status = response.statusCode();
		count(phase + ".status_" + status);
		if (status == 500) {
			count("status_500");
		}
		if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
			count("unavailable_without_retry_after");
		}
		if (status == 200 || status == 201) {
			acked.add(id);
			latencies.computeIfAbsent((now - startMs) / 1000, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(now - t0);
			if (phase.equals("after")) {
				afterLatencies
					.computeIfAbsent((now - startMs) / 1000, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
					.add(now - t0);
			}
		}
	}

	/** Closed loop for a while; returns {acknowledged, p99 ms}. */
	static long[] closedLoop(String run, int workers, long millis, String phase) throws InterruptedException {
		List<Long> all = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicLong ok = new AtomicLong();
		long end = System.currentTimeMillis() + millis;
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			threads.add(new Thread(() -> {
				while (System.currentTimeMillis() < end) {
					String id = "ev-" + run + "-" + sequence.incrementAndGet();
					long t0 = System.currentTimeMillis();
					try {
						HttpResponse<Void> r = client.send(request(id), HttpResponse.BodyHandlers.discarding());
						record(phase, id, t0, r, null);
						if (r.statusCode() == 200 || r.statusCode() == 201) {
							ok.incrementAndGet();
							all.add(System.currentTimeMillis() - t0);
						}
						else {
							Thread.sleep(100);
						}
					}
					catch (Exception ex) {
						record(phase, id, t0, null, ex);
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread t : threads) {
			t.join();
		}
		return new long[] { ok.get(), all.isEmpty() ? -1 : p99(all) };
	}

	/**
	 * The overload over a bounded set of kept-alive connections, as a fleet of agents sends
	 * it: each of {@code connections} threads sends on its own schedule (together {@code rate}
	 * per second) and at once when it is behind; a request is never given up for lack of a
	 * connection, so the rate offered is reached whenever the service answers (even 503)
	 * fast enough. Without this, one new connection per request in flight made the client's
	 * and the server's connection handling, not the service, the bottleneck.
	 */
	static void paced(String run, int connections, double rate, long seconds) throws InterruptedException {
		long periodNanos = (long) (1e9 * connections / rate);
		long begin = System.nanoTime();
		long end = begin + seconds * 1_000_000_000L;
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < connections; w++) {
			long offset = (long) (1e9 * w / rate);
			threads.add(new Thread(() -> {
				for (long k = 0;; k++) {
					long due = begin + offset + k * periodNanos;
					if (due >= end) {
						return;
					}
					long wait = due - System.nanoTime();
					if (wait > 0) {
						java.util.concurrent.locks.LockSupport.parkNanos(wait);
					}
					String id = "ev-" + run + "-o-" + sequence.incrementAndGet();
					count("overload.sent");
					long t0 = System.currentTimeMillis();
					try {
						record("overload", id, t0, client.send(request(id), HttpResponse.BodyHandlers.discarding()), null);
					}
					catch (Exception ex) {
						record("overload", id, t0, null, ex);
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread t : threads) {
			t.join();
		}
	}

	static long p99(List<Long> values) {
		long[] v;
		synchronized (values) {
			v = values.stream().mapToLong(Long::longValue).toArray();
		}
		Arrays.sort(v);
		return v.length == 0 ? -1 : v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.99) - 1)];
	}

	static void watch(AtomicLong checks, AtomicLong failures, AtomicLong maxHeap) {
		HttpClient watcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long tick = 0;
		while (true) {
			try {
				checks.incrementAndGet();
				HttpResponse<String> h = watcher.send(HttpRequest.newBuilder(URI.create(target + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (h.statusCode() != 200) {
					failures.incrementAndGet();
				}
			}
			catch (Exception ex) {
				failures.incrementAndGet();
			}
			if (tick++ % 2 == 0) {
				try {
					HttpResponse<String> m = watcher.send(
							HttpRequest.newBuilder(URI.create(target + "/actuator/prometheus")).timeout(Duration.ofSeconds(2)).build(),
							HttpResponse.BodyHandlers.ofString());
					long heap = 0;
					for (String l : m.body().split("\n")) {
						if (l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\"")) {
							heap += (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
						}
					}
					maxHeap.accumulateAndGet(heap, Math::max);
				}
				catch (Exception ex) {
					// counted by the health check
				}
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
