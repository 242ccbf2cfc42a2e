import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client of bench/holds.sh (issue #4): N platform threads, each in a closed loop of
 * hold ({@code POST /reservations}) and, when granted (201), release
 * ({@code POST /reservations/{id}/release}). Worker i talks to target i mod targets; each hold
 * goes to the next team:pool pair, round robin over all workers. With {@code --mode events}
 * each request is instead one usage event ({@code POST /usage-events}, a unique event id) for
 * the next pair's team; every 2xx answer counts as a decision and a grant.
 *
 * <pre>
 * java bench/HoldLoad.java --targets http://127.0.0.1:28080,http://127.0.0.1:28081 --conns 64 \
 *     --pairs team1:pool1,team2:pool2 --amount 1 --ttl PT5M --warmup 5 --duration 15 --key SECRET \
 *     [--client socket|jdk] [--label name] [--mode holds|events] [--interval 5]
 * </pre>
 *
 * Prints machine-readable lines on stdout: {@code PHASE <name> <epoch ms>} when warm-up and
 * measurement start and end, and one {@code RESULT key=value ...} line for the measured
 * interval. A hold counts in the interval in which its response arrived; the latencies are
 * those of the hold requests (the release is not included). With {@code --interval S}
 * (bench/warmup.sh) it also prints one {@code SLOT key=value ...} line per S seconds from
 * the client's start, warm-up included, with that slot's decisions per second and latency
 * percentiles: how fast a freshly started server comes up to speed. {@code --client socket} (the
 * default) speaks HTTP/1.1 over one kept-alive socket per worker, which costs the shared CPU
 * less than {@code java.net.http.HttpClient} ({@code --client jdk}, one client per target).
 */
public class HoldLoad {

	static final class Stats {

		long decisions;

		long grants;

		long rejected;

		long errors;

		long releases;

		long releaseErrors;

		final Map<Integer, Long> statuses = new TreeMap<>();

		/** Per slot of {@code --interval}: decisions, grants, errors and latencies. */
		final long[][] slots;

		final long[][] slotLatenciesUs;

		final int[] slotN;

		Stats(int slotCount) {
			this.slots = new long[slotCount][3];
			this.slotLatenciesUs = new long[slotCount][];
			this.slotN = new int[slotCount];
		}

		void slot(int i, boolean decided, boolean granted, long us) {
			if (i < 0 || i >= this.slots.length) {
				return;
			}
			if (!decided) {
				this.slots[i][2]++;
				return;
			}
			this.slots[i][0]++;
			if (granted) {
				this.slots[i][1]++;
			}
			long[] l = this.slotLatenciesUs[i];
			if (l == null) {
				l = new long[1024];
			}
			else if (this.slotN[i] == l.length) {
				l = Arrays.copyOf(l, l.length * 2);
			}
			l[this.slotN[i]++] = us;
			this.slotLatenciesUs[i] = l;
		}

		long[] latenciesUs = new long[1 << 14];

		int n;

		void latency(long us) {
			if (this.n == this.latenciesUs.length) {
				this.latenciesUs = Arrays.copyOf(this.latenciesUs, this.n * 2);
			}
			this.latenciesUs[this.n++] = us;
		}

	}

	record Response(int status, String body) {
	}

	interface Connection {

		Response post(String path, String body) throws IOException, InterruptedException;

	}

	/** HTTP/1.1 with keep-alive over a plain socket: Content-Length or chunked bodies. */
	static final class SocketConnection implements Connection {

		private final String host;

		private final int port;

		private final String auth;

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		SocketConnection(URI target, String key) {
			this.host = target.getHost();
			this.port = target.getPort();
			this.auth = "Bearer " + key;
		}

		@Override
		public Response post(String path, String body) throws IOException {
			for (int attempt = 0;; attempt++) {
				try {
					if (this.socket == null) {
						this.socket = new Socket();
						this.socket.setTcpNoDelay(true);
						this.socket.connect(new InetSocketAddress(this.host, this.port), 5000);
						this.socket.setSoTimeout(30000);
						this.out = this.socket.getOutputStream();
						this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
					}
					byte[] b = body.getBytes(StandardCharsets.UTF_8);
					String head = "POST " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
							+ "\r\nAuthorization: " + this.auth + "\r\nContent-Type: application/json\r\n"
							+ "Accept: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
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

	/** java.net.http.HttpClient, HTTP/1.1, shared per target. */
	static final class JdkConnection implements Connection {

		private final HttpClient client;

		private final URI base;

		private final String auth;

		JdkConnection(HttpClient client, URI base, String key) {
			this.client = client;
			this.base = base;
			this.auth = "Bearer " + key;
		}

		@Override
		public Response post(String path, String body) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(this.base.resolve(path))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", this.auth)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<String> r = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(r.statusCode(), r.body());
		}

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> opt = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		List<URI> targets = Arrays.stream(opt.get("targets").split(",")).map(URI::create).toList();
		int conns = Integer.parseInt(opt.getOrDefault("conns", "64"));
		String[][] pairs = Arrays.stream(opt.get("pairs").split(",")).map((p) -> p.split(":")).toArray(String[][]::new);
		String amount = opt.getOrDefault("amount", "1");
		String ttl = opt.getOrDefault("ttl", "PT5M");
		long warmupMs = (long) (Double.parseDouble(opt.getOrDefault("warmup", "5")) * 1000);
		long durationMs = (long) (Double.parseDouble(opt.getOrDefault("duration", "15")) * 1000);
		String key = opt.get("key");
		String clientKind = opt.getOrDefault("client", "socket");
		String label = opt.getOrDefault("label", "holds");
		boolean events = opt.getOrDefault("mode", "holds").equals("events");
		long intervalMs = (long) (Double.parseDouble(opt.getOrDefault("interval", "0")) * 1000);
		int slotCount = (intervalMs > 0) ? (int) ((warmupMs + durationMs + intervalMs - 1) / intervalMs) : 0;

		String[] bodies = new String[pairs.length];
		for (int i = 0; i < pairs.length && !events; i++) {
			bodies[i] = "{\"teamId\":\"" + pairs[i][0] + "\",\"poolId\":\"" + pairs[i][1] + "\",\"amount\":" + amount
					+ ",\"ttl\":\"" + ttl + "\"}";
		}
		List<HttpClient> clients = new ArrayList<>();
		if (clientKind.equals("jdk")) {
			for (int i = 0; i < targets.size(); i++) {
				clients.add(HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.build());
			}
		}

		AtomicLong next = new AtomicLong();
		long start = System.currentTimeMillis();
		long measureFrom = start + warmupMs;
		long measureTo = measureFrom + durationMs;
		Stats[] stats = new Stats[conns];
		String eventPrefix = label + "-" + start;
		long[][] perTarget = new long[targets.size()][2];
		CountDownLatch done = new CountDownLatch(conns);
		System.out.println("PHASE warmup " + start);
		System.out.flush();
		for (int w = 0; w < conns; w++) {
			int worker = w;
			int t = w % targets.size();
			Connection c = clientKind.equals("jdk") ? new JdkConnection(clients.get(t), targets.get(t), key)
					: new SocketConnection(targets.get(t), key);
			Stats s = new Stats(slotCount);
			stats[w] = s;
			Thread thread = new Thread(() -> {
				try {
					for (long n = 0;; n++) {
						long now = System.currentTimeMillis();
						if (now >= measureTo) {
							break;
						}
						long k = next.getAndIncrement();
						String path = events ? "/usage-events" : "/reservations";
						String body = events ? event(eventPrefix + "-" + worker + "-" + n, pairs[(int) (k % pairs.length)][0], k)
								: bodies[(int) (k % bodies.length)];
						long t0 = System.nanoTime();
						Response hold;
						try {
							hold = c.post(path, body);
						}
						catch (IOException ex) {
							hold = new Response(-1, ex.toString());
						}
						long us = (System.nanoTime() - t0) / 1000;
						long at = System.currentTimeMillis();
						boolean measured = at >= measureFrom && at < measureTo;
						boolean decided = events ? hold.status() / 100 == 2
								: hold.status() == 201 || hold.status() == 409;
						boolean granted = events ? decided : hold.status() == 201;
						if (intervalMs > 0) {
							s.slot((int) ((at - start) / intervalMs), decided, granted, us);
						}
						if (measured) {
							s.statuses.merge(hold.status(), 1L, Long::sum);
							if (decided) {
								s.decisions++;
								s.latency(us);
								synchronized (perTarget) {
									perTarget[t][0]++;
								}
							}
							if (granted) {
								s.grants++;
							}
							else if (decided) {
								s.rejected++;
							}
							else {
								s.errors++;
								if (s.errors <= 3) {
									System.err.println("worker " + worker + ": hold answered " + hold.status() + " "
											+ hold.body());
								}
							}
						}
						if (!events && hold.status() == 201) {
							String id = idOf(hold.body());
							Response release;
							try {
								release = c.post("/reservations/" + id + "/release", "");
							}
							catch (IOException ex) {
								release = new Response(-1, ex.toString());
							}
							if (measured) {
								if (release.status() == 200) {
									s.releases++;
								}
								else {
									s.releaseErrors++;
									if (s.releaseErrors <= 3) {
										System.err.println("worker " + worker + ": release answered " + release.status()
												+ " " + release.body());
									}
								}
							}
						}
						else if (!decided) {
							Thread.sleep(10); // an error: do not spin
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}, "hold-" + w);
			thread.setDaemon(true);
			thread.start();
		}
		Thread.sleep(Math.max(0, measureFrom - System.currentTimeMillis()));
		long cpu0 = cpuNanos();
		System.out.println("PHASE measure " + System.currentTimeMillis());
		System.out.flush();
		done.await();
		long cpu1 = cpuNanos();
		System.out.println("PHASE end " + System.currentTimeMillis());
		System.out.flush();

		Stats all = new Stats(0);
		long[] latencies = new long[0];
		for (Stats s : stats) {
			all.decisions += s.decisions;
			all.grants += s.grants;
			all.rejected += s.rejected;
			all.errors += s.errors;
			all.releases += s.releases;
			all.releaseErrors += s.releaseErrors;
			s.statuses.forEach((k, v) -> all.statuses.merge(k, v, Long::sum));
			int from = latencies.length;
			latencies = Arrays.copyOf(latencies, from + s.n);
			System.arraycopy(s.latenciesUs, 0, latencies, from, s.n);
		}
		Arrays.sort(latencies);
		double secs = durationMs / 1000.0;
		StringBuilder r = new StringBuilder("RESULT");
		r.append(" label=").append(label).append(" client=").append(clientKind);
		r.append(" conns=").append(conns).append(" targets=").append(targets.size());
		r.append(" pools=").append(pairs.length).append(" duration_s=").append(secs);
		r.append(" decisions=").append(all.decisions).append(" grants=").append(all.grants);
		r.append(" rejected=").append(all.rejected).append(" errors=").append(all.errors);
		r.append(" releases=").append(all.releases).append(" release_errors=").append(all.releaseErrors);
		r.append(String.format(Locale.ROOT, " decisions_per_s=%.0f grants_per_s=%.0f", all.decisions / secs,
				all.grants / secs));
		for (int t = 0; t < targets.size(); t++) {
			r.append(" decisions_target").append(t).append('=').append(perTarget[t][0]);
		}
		r.append(String.format(Locale.ROOT, " client_cpu_s=%.2f", (cpu1 - cpu0) / 1e9));
		r.append(" p50_us=").append(pct(latencies, 50)).append(" p90_us=").append(pct(latencies, 90));
		r.append(" p99_us=").append(pct(latencies, 99)).append(" max_us=").append(pct(latencies, 100));
		StringBuilder st = new StringBuilder();
		all.statuses.forEach((k, v) -> st.append(st.length() > 0 ? "," : "").append(k).append(':').append(v));
		r.append(" statuses=").append(st.length() > 0 ? st : "-");
		System.out.println(r);
		for (int i = 0; i < slotCount; i++) {
			long[] sum = new long[3];
			long[] lat = new long[0];
			for (Stats s : stats) {
				for (int j = 0; j < 3; j++) {
					sum[j] += s.slots[i][j];
				}
				int from = lat.length;
				lat = Arrays.copyOf(lat, from + s.slotN[i]);
				if (s.slotN[i] > 0) {
					System.arraycopy(s.slotLatenciesUs[i], 0, lat, from, s.slotN[i]);
				}
			}
			Arrays.sort(lat);
			double from = i * intervalMs / 1000.0;
			double to = Math.min((i + 1) * intervalMs, warmupMs + durationMs) / 1000.0;
			System.out.println(String.format(Locale.ROOT,
					"SLOT label=%s slot=%d from_s=%.1f to_s=%.1f decisions=%d grants=%d errors=%d"
							+ " decisions_per_s=%.1f p50_us=%d p99_us=%d max_us=%d",
					label, i + 1, from, to, sum[0], sum[1], sum[2], sum[0] / (to - from), pct(lat, 50), pct(lat, 99),
					pct(lat, 100)));
		}
		System.out.flush();
	}

	/** One usage event in the shape of bench/single-event.lua's, with a unique id. */
	static String event(String eventId, String team, long k) {
		String model = (k % 2 == 0) ? "claude-sonnet-4-5" : "claude-opus-4-1";
		return "{\"eventId\":\"" + eventId + "\",\"teamId\":\"" + team + "\",\"memberId\":\"m" + (k % 50)
				+ "\",\"model\":\"" + model + "\",\"occurredAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
				+ "\",\"inputTokens\":" + (200 + (k * 7919) % 6000) + ",\"outputTokens\":" + (50 + (k * 104729) % 2000)
				+ ",\"cacheReadTokens\":" + ((k % 4) * 2500) + "}";
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
			throw new IllegalStateException("no id in " + json);
		}
		int from = i + 6;
		return json.substring(from, json.indexOf('"', from));
	}

}
