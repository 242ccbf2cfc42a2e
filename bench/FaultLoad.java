import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client of bench/faults.sh (issue #17): agents that retry what was not acknowledged.
 * Each worker loops over four operations: one usage event, a batch of ten, a hold that it
 * commits, a hold that it releases. A request without an answer (connection refused or reset,
 * timeout) or answered 5xx/429 is sent again, with the same body (the same {@code eventId}s, the
 * same reservation {@code id}) to the next target, after a growing pause, until it is answered.
 * That is what a real agent does, and what makes "nothing acknowledged is lost" checkable.
 *
 * <pre>
 * java bench/FaultLoad.java --targets http://127.0.0.1:18950,http://127.0.0.1:18951 --key K \
 *     --team fault-team --hold-pool fault-holds --amount 200 --workers 8 --duration 40 --out DIR
 * </pre>
 *
 * With {@code --mix soak} each worker's loop also reads the team's availability, asks the
 * admission check and reads the hold pool's queue (eight operations instead of four), as the
 * soak of issue #17 asks for mixed load; the latency of every answered request goes into its
 * minute ({@code per-minute.txt}: minute, requests, p50, p99 in ms) and the RESULT line gives
 * the p99 of the first and of the last ten minutes.
 *
 * Writes to DIR: {@code acked-events.txt} (every event id acknowledged 200/201),
 * {@code holds.txt} (reservation id and the state the client brought it to: COMMITTED,
 * RELEASED or REFUSED), {@code per-second.txt} (second, acknowledged requests, retries),
 * and prints one {@code RESULT key=value ...} line.
 */
public class FaultLoad {

	static List<String> targets;

	static String key;

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

	static final AtomicLong noAnswer = new AtomicLong();

	static final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();

	static final AtomicLong gaveUp = new AtomicLong();

	static final AtomicLong maxLatencyMs = new AtomicLong();

	static final ConcurrentLinkedQueue<String> ackedEvents = new ConcurrentLinkedQueue<>();

	static final ConcurrentLinkedQueue<String> holds = new ConcurrentLinkedQueue<>();

	static final Map<Long, long[]> perSecond = new ConcurrentHashMap<>();

	static final Map<Long, ConcurrentLinkedQueue<Long>> latencyByMinute = new ConcurrentHashMap<>();

	static long startMs;

	static long holdAmount;

	record Answer(int status, String body) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		targets = List.of(a.get("targets").split(","));
		key = a.get("key");
		String team = a.getOrDefault("team", "fault-team");
		String holdPool = a.getOrDefault("hold-pool", "fault-holds");
		holdAmount = Long.parseLong(a.getOrDefault("amount", "200"));
		int workers = Integer.parseInt(a.getOrDefault("workers", "8"));
		long durationMs = Long.parseLong(a.getOrDefault("duration", "40")) * 1000;
		Path out = Path.of(a.getOrDefault("out", "."));
		String run = a.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36));
		boolean soak = "soak".equals(a.get("mix"));
		int ops = soak ? 8 : 4;
		startMs = System.currentTimeMillis();
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			int worker = w;
			Thread thread = new Thread(() -> {
				long n = 0;
				while (System.currentTimeMillis() - startMs < durationMs) {
					String id = run + "-" + worker + "-" + n;
					switch ((int) (n++ % ops)) {
						case 0 -> events(worker, id, team, 1);
						case 1 -> events(worker, id, team, 10);
						case 2 -> hold(worker, id, team, holdPool, true);
						case 3 -> hold(worker, id, team, holdPool, false);
						case 4 -> untilAnswered(worker, "/teams/" + team + "/availability", null);
						case 5 -> untilAnswered(worker, "/teams/" + team + "/admission", "{\"poolId\":\"" + holdPool
								+ "\",\"estimatedAmount\":" + holdAmount + ",\"kind\":\"AUTOMATED\"}");
						case 6 -> untilAnswered(worker, "/pools/" + holdPool + "/queue?limit=10", null);
						default -> events(worker, id, team, 1);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread t : threads) {
			t.join();
		}
		Files.write(out.resolve("acked-events.txt"), ackedEvents);
		Files.write(out.resolve("holds.txt"), holds);
		try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("per-second.txt")))) {
			new TreeMap<>(perSecond).forEach((s, c) -> w.println(s + " " + c[0] + " " + c[1]));
		}
		StringBuilder line = new StringBuilder("RESULT");
		line.append(" acked_events=").append(ackedEvents.size());
		line.append(" holds=").append(holds.size());
		line.append(" no_answer=").append(noAnswer.get());
		line.append(" unavailable_without_retry_after=").append(unavailableWithoutRetryAfter.get());
		line.append(" gave_up=").append(gaveUp.get());
		line.append(" max_latency_ms=").append(maxLatencyMs.get());
		new TreeMap<>(statuses).forEach((s, c) -> line.append(" status_").append(s).append('=').append(c.get()));
		if (soak) {
			TreeMap<Long, ConcurrentLinkedQueue<Long>> minutes = new TreeMap<>(latencyByMinute);
			try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("per-minute.txt")))) {
				minutes.forEach((m, l) -> w.println(m + " " + l.size() + " " + percentile(List.copyOf(l), 50) + " "
						+ percentile(List.copyOf(l), 99)));
			}
			long last = minutes.isEmpty() ? 0 : minutes.lastKey();
			line.append(" p99_first10_ms=").append(percentile(spanOf(minutes, 0, 9), 99));
			line.append(" p99_last10_ms=").append(percentile(spanOf(minutes, last - 9, last), 99));
		}
		System.out.println(line);
	}

	static List<Long> spanOf(TreeMap<Long, ConcurrentLinkedQueue<Long>> minutes, long from, long to) {
		List<Long> all = new ArrayList<>();
		minutes.subMap(from, true, to, true).values().forEach(all::addAll);
		return all;
	}

	static long percentile(List<Long> values, int p) {
		if (values.isEmpty()) {
			return -1;
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	static void events(int worker, String id, String team, int count) {
		String now = Instant.now().toString();
		List<String> ids = new ArrayList<>();
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			String eventId = "ev-" + id + "-" + i;
			ids.add(eventId);
			body.append(i == 0 ? "" : ",")
				.append("{\"eventId\":\"")
				.append(eventId)
				.append("\",\"teamId\":\"")
				.append(team)
				.append("\",\"model\":\"claude-sonnet-4-5\",\"occurredAt\":\"")
				.append(now)
				.append("\",\"inputTokens\":100,\"outputTokens\":10}");
		}
		Answer answer = untilAnswered(worker, "/usage-events", count == 1 ? body.substring(1) : body + "]");
		if (answer != null && (answer.status == 200 || answer.status == 201)) {
			ackedEvents.addAll(ids);
		}
	}

	static void hold(int worker, String id, String team, String pool, boolean commit) {
		String holdId = "h-" + id;
		Answer held = untilAnswered(worker, "/reservations", "{\"id\":\"" + holdId + "\",\"poolId\":\"" + pool
				+ "\",\"teamId\":\"" + team + "\",\"amount\":" + holdAmount + ",\"ttl\":\"PT20S\"}");
		if (held == null) {
			return;
		}
		if (held.status != 201) {
			holds.add(holdId + " REFUSED");
			return;
		}
		Answer end = commit ? untilAnswered(worker, "/reservations/" + holdId + "/commit", "{\"amount\":1}")
				: untilAnswered(worker, "/reservations/" + holdId + "/release", "");
		if (end != null && end.status == 200) {
			holds.add(holdId + (commit ? " COMMITTED" : " RELEASED"));
		}
		else if (end != null) {
			holds.add(holdId + " END_" + end.status);
		}
	}

	/**
	 * Sends until a final answer (not 5xx, not 429) comes, for at most 120 s; a GET when
	 * {@code body} is null.
	 */
	static Answer untilAnswered(int worker, String path, String body) {
		long first = System.currentTimeMillis();
		for (int attempt = 0;; attempt++) {
			if (System.currentTimeMillis() - first > 120_000) {
				gaveUp.incrementAndGet();
				return null;
			}
			String target = targets.get((worker + attempt) % targets.size());
			long sent = System.currentTimeMillis();
			try {
				HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
					.timeout(Duration.ofSeconds(10))
					.header("Authorization", "Bearer " + key);
				if (body != null) {
					request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
				}
				HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
				long took = System.currentTimeMillis() - sent;
				latencyByMinute.computeIfAbsent((sent - startMs) / 60_000, (m) -> new ConcurrentLinkedQueue<>()).add(took);
				maxLatencyMs.accumulateAndGet(took, Math::max);
				int status = response.statusCode();
				statuses.computeIfAbsent(status, (s) -> new AtomicLong()).incrementAndGet();
				if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
					unavailableWithoutRetryAfter.incrementAndGet();
				}
				if (status < 500 && status != 429) {
					count(sent, attempt);
					return new Answer(status, response.body());
				}
			}
			catch (IOException ex) {
				noAnswer.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			try {
				Thread.sleep(Math.min(1000, 50L << Math.min(attempt, 5)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
	}

	static void count(long at, int retries) {
		long[] c = perSecond.computeIfAbsent((at - startMs) / 1000, (s) -> new long[2]);
		synchronized (c) {
			c[0]++;
			c[1] += retries;
		}
	}

}
