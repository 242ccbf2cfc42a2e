import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load client of bench/queue.sh (issue #5), two modes.
 *
 * <p>
 * {@code --mode enqueue}: {@code --n} queued hold requests ({@code "queue":true}) over
 * {@code --conns} platform threads, request i on pool i mod pools, a random team, amount
 * 1..{@code --max-amount} and priority (seeded), each answered by one kept-alive HTTP/1.1
 * socket per thread (thread i on target i mod targets). Every request must answer 202
 * (QUEUED); the RESULT line has throughput and latency of all of them.
 *
 * <p>
 * {@code --mode grant}: {@code --releases} times, one at a time, on pool i mod pools:
 * read the queue head ({@code GET /pools/{pool}/queue?limit=1}), release the oldest
 * releasable hold of that pool ({@code POST /reservations/{id}/release}) and long-poll
 * the head ({@code GET /reservations/{head}?waitFor=HELD&timeout=...}). Measures release
 * start to long-poll answer HELD (end to end), and the release call alone. The head,
 * once HELD, becomes releasable too (after the blocking holds read from {@code --holds},
 * lines "pool id"). Prints one {@code GRANT} line per release and a RESULT line.
 *
 * <pre>
 * java bench/QueueLoad.java --mode enqueue --targets http://127.0.0.1:28180 --conns 64 --n 10000 \
 *     --pools q-1,q-2 --teams t-1,t-2 --ttl PT2H --key SECRET [--seed 1] [--max-amount 20]
 * java bench/QueueLoad.java --mode grant --targets http://127.0.0.1:28180 --pools q-1,q-2 \
 *     --holds holds.txt --releases 200 --key SECRET [--timeout PT10S]
 * </pre>
 */
public class QueueLoad {

	record Response(int status, String body) {
	}

	/** HTTP/1.1 with keep-alive over a plain socket: Content-Length or chunked bodies. */
	static final class Connection {

		private final String host;

		private final int port;

		private final String auth;

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		Connection(URI target, String key) {
			this.host = target.getHost();
			this.port = target.getPort();
			this.auth = "Bearer " + key;
		}

		Response post(String path, String body) throws IOException {
			return send("POST", path, body);
		}

		Response get(String path) throws IOException {
			return send("GET", path, null);
		}

		private Response send(String method, String path, String body) throws IOException {
			for (int attempt = 0;; attempt++) {
				try {
					if (this.socket == null) {
						this.socket = new Socket();
						this.socket.setTcpNoDelay(true);
						this.socket.connect(new InetSocketAddress(this.host, this.port), 5000);
						this.socket.setSoTimeout(90000);
						this.out = this.socket.getOutputStream();
						this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
					}
					byte[] b = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
					String head = method + " " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
							+ "\r\nAuthorization: " + this.auth + "\r\nAccept: application/json\r\n"
							+ ((body != null) ? "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n"
									: "")
							+ "\r\n";
					byte[] h = head.getBytes(StandardCharsets.US_ASCII);
					byte[] req = Arrays.copyOf(h, h.length + b.length);
					System.arraycopy(b, 0, req, h.length, b.length);
					this.out.write(req);
					this.out.flush();
					return read();
				}
				catch (IOException ex) {
					close();
					if (attempt > 0) {
						throw ex;
					}
				}
			}
		}

		private Response read() throws IOException {
			String status = line();
			if (status == null) {
				throw new IOException("connection closed");
			}
			int code = Integer.parseInt(status.substring(9, 12));
			int length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String l; (l = line()) != null && !l.isEmpty();) {
				String lower = l.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (chunked) {
				for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0;) {
					body.write(this.in.readNBytes(size));
					line();
				}
				line();
			}
			else if (length > 0) {
				body.write(this.in.readNBytes(length));
			}
			if (close) {
				close();
			}
			return new Response(code, body.toString(StandardCharsets.UTF_8));
		}

		private String line() throws IOException {
			StringBuilder s = new StringBuilder();
			for (int c; (c = this.in.read()) != -1;) {
				if (c == '\n') {
					int len = s.length();
					return (len > 0 && s.charAt(len - 1) == '\r') ? s.substring(0, len - 1) : s.toString();
				}
				s.append((char) c);
			}
			return (s.length() == 0) ? null : s.toString();
		}

		void close() {
			try {
				if (this.socket != null) {
					this.socket.close();
				}
			}
			catch (IOException ignored) {
				// closing anyway
			}
			this.socket = null;
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opt = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		List<URI> targets = Arrays.stream(opt.get("targets").split(",")).map(URI::create).toList();
		String[] pools = opt.get("pools").split(",");
		String key = opt.get("key");
		switch (opt.getOrDefault("mode", "enqueue")) {
			case "enqueue" -> enqueue(opt, targets, pools, key);
			case "grant" -> grant(opt, targets, pools, key);
			default -> throw new IllegalArgumentException("--mode enqueue|grant");
		}
	}

	static void enqueue(Map<String, String> opt, List<URI> targets, String[] pools, String key) throws Exception {
		int conns = Integer.parseInt(opt.getOrDefault("conns", "64"));
		int n = Integer.parseInt(opt.getOrDefault("n", "10000"));
		String[] teams = opt.get("teams").split(",");
		String ttl = opt.getOrDefault("ttl", "PT2H");
		int maxAmount = Integer.parseInt(opt.getOrDefault("max-amount", "20"));
		String[] priorities = opt.getOrDefault("priorities", "CRITICAL,HIGH,MEDIUM,MEDIUM,LOW,LOW").split(",");
		Random random = new Random(Long.parseLong(opt.getOrDefault("seed", "1")));
		String[] bodies = new String[n];
		for (int i = 0; i < n; i++) {
			bodies[i] = "{\"teamId\":\"" + teams[random.nextInt(teams.length)] + "\",\"poolId\":\""
					+ pools[i % pools.length] + "\",\"amount\":" + (1 + random.nextInt(maxAmount))
					+ ",\"priority\":\"" + priorities[random.nextInt(priorities.length)]
					+ "\",\"queue\":true,\"ttl\":\"" + ttl + "\"}";
		}
		AtomicInteger next = new AtomicInteger();
		long[] latenciesUs = new long[n];
		int[] statuses = new int[n];
		long[] doneAt = new long[n];
		CountDownLatch done = new CountDownLatch(conns);
		AtomicInteger errorsShown = new AtomicInteger();
		AtomicInteger progress = new AtomicInteger();
		long cpu0 = cpuNanos();
		long start = System.nanoTime();
		System.out.println("PHASE enqueue " + System.currentTimeMillis());
		System.out.flush();
		for (int w = 0; w < conns; w++) {
			Connection c = new Connection(targets.get(w % targets.size()), key);
			Thread thread = new Thread(() -> {
				try {
					for (int i; (i = next.getAndIncrement()) < n;) {
						long t0 = System.nanoTime();
						Response r;
						try {
							r = c.post("/reservations", bodies[i]);
						}
						catch (IOException ex) {
							r = new Response(-1, ex.toString());
						}
						long t1 = System.nanoTime();
						latenciesUs[i] = (t1 - t0) / 1000;
						statuses[i] = r.status();
						doneAt[i] = t1;
						if (r.status() != 202 && errorsShown.incrementAndGet() <= 5) {
							System.err.println("request " + i + " answered " + r.status() + " " + r.body());
						}
						int p = progress.incrementAndGet();
						if (p % 1000 == 0) {
							System.out.printf(Locale.ROOT, "PROGRESS %d/%d after %.1f s%n", p, n,
									(t1 - start) / 1e9);
							System.out.flush();
						}
					}
				}
				finally {
					c.close();
					done.countDown();
				}
			}, "enqueue-" + w);
			thread.setDaemon(true);
			thread.start();
		}
		done.await();
		long end = System.nanoTime();
		long cpu1 = cpuNanos();
		System.out.println("PHASE end " + System.currentTimeMillis());
		Map<Integer, Integer> byStatus = new TreeMap<>();
		for (int s : statuses) {
			byStatus.merge(s, 1, Integer::sum);
		}
		// Throughput of the first and last fifth (in completion order): does it fall as
		// the queues grow?
		long[] order = doneAt.clone();
		Arrays.sort(order);
		int fifth = Math.max(1, n / 5);
		double firstRate = fifth / ((order[fifth - 1] - start) / 1e9);
		double lastRate = fifth / ((order[n - 1] - order[n - fifth - 1]) / 1e9);
		long[] sorted = latenciesUs.clone();
		Arrays.sort(sorted);
		double secs = (end - start) / 1e9;
		StringBuilder st = new StringBuilder();
		byStatus.forEach((k, v) -> st.append(st.length() > 0 ? "," : "").append(k).append(':').append(v));
		System.out.printf(Locale.ROOT,
				"RESULT mode=enqueue conns=%d targets=%d pools=%d n=%d seconds=%.2f per_s=%.0f first_fifth_per_s=%.0f "
						+ "last_fifth_per_s=%.0f queued=%d errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d client_cpu_s=%.2f statuses=%s%n",
				conns, targets.size(), pools.length, n, secs, n / secs, firstRate, lastRate,
				byStatus.getOrDefault(202, 0), n - byStatus.getOrDefault(202, 0), pct(sorted, 50), pct(sorted, 90),
				pct(sorted, 99), pct(sorted, 100), (cpu1 - cpu0) / 1e9, st);
	}

	static void grant(Map<String, String> opt, List<URI> targets, String[] pools, String key) throws Exception {
		int releases = Integer.parseInt(opt.getOrDefault("releases", "200"));
		String timeout = opt.getOrDefault("timeout", "PT10S");
		Map<String, Deque<String>> releasable = new LinkedHashMap<>();
		for (String p : pools) {
			releasable.put(p, new ArrayDeque<>());
		}
		for (String line : Files.readAllLines(Path.of(opt.get("holds")))) {
			String[] f = line.trim().split("\\s+");
			if (f.length == 2 && releasable.containsKey(f[0])) {
				releasable.get(f[0]).add(f[1]);
			}
		}
		Connection c = new Connection(targets.get(0), key);
		long[] e2eUs = new long[releases];
		long[] releaseUs = new long[releases];
		int ok = 0;
		int failed = 0;
		long start = System.nanoTime();
		for (int i = 0; i < releases; i++) {
			String pool = pools[i % pools.length];
			Response q = c.get("/pools/" + pool + "/queue?limit=1");
			String head = (q.status() == 200) ? idOf(q.body()) : null;
			String hold = releasable.get(pool).poll();
			if (head == null || hold == null) {
				System.out.println("GRANT i=" + i + " pool=" + pool + " skipped: "
						+ ((head == null) ? "no queue head (" + q.status() + ")" : "no hold left to release"));
				failed++;
				continue;
			}
			long t0 = System.nanoTime();
			Response rel = c.post("/reservations/" + hold + "/release", "");
			long t1 = System.nanoTime();
			Response got = c.get("/reservations/" + head + "?waitFor=HELD&timeout=" + timeout);
			long t2 = System.nanoTime();
			String status = statusOf(got.body());
			boolean held = rel.status() == 200 && got.status() == 200 && "HELD".equals(status);
			releaseUs[ok] = (t1 - t0) / 1000;
			e2eUs[ok] = (t2 - t0) / 1000;
			if (held) {
				ok++;
				releasable.get(pool).add(head);
			}
			else {
				failed++;
			}
			System.out.printf(Locale.ROOT, "GRANT i=%d pool=%s released=%s head=%s release_us=%d e2e_us=%d status=%s%s%n",
					i, pool, hold, head, (t1 - t0) / 1000, (t2 - t0) / 1000, status,
					(rel.status() != 200) ? " release_answered=" + rel.status() : "");
			if ((i + 1) % 50 == 0) {
				System.out.printf(Locale.ROOT, "PROGRESS %d/%d after %.1f s%n", i + 1, releases,
						(System.nanoTime() - start) / 1e9);
			}
			System.out.flush();
		}
		c.close();
		long[] e2e = Arrays.copyOf(e2eUs, ok);
		long[] rel = Arrays.copyOf(releaseUs, ok);
		Arrays.sort(e2e);
		Arrays.sort(rel);
		System.out.printf(Locale.ROOT,
				"RESULT mode=grant releases=%d held=%d failed=%d e2e_p50_us=%d e2e_p90_us=%d e2e_p99_us=%d e2e_max_us=%d "
						+ "release_p50_us=%d release_p99_us=%d release_max_us=%d%n",
				releases, ok, failed, pct(e2e, 50), pct(e2e, 90), pct(e2e, 99), pct(e2e, 100), pct(rel, 50),
				pct(rel, 99), pct(rel, 100));
	}

	static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	static long pct(long[] sorted, int p) {
		if (sorted.length == 0) {
			return 0;
		}
		int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
	}

	static String idOf(String json) {
		int i = json.indexOf("\"id\":\"");
		if (i < 0) {
			return null;
		}
		int from = i + 6;
		return json.substring(from, json.indexOf('"', from));
	}

	static String statusOf(String json) {
		int i = json.indexOf("\"status\":\"");
		if (i < 0) {
			return "?";
		}
		int from = i + 10;
		return json.substring(from, json.indexOf('"', from));
	}

}
