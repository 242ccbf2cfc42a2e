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
 * goes to the next team:pool pair, round robin over all workers.
 *
 * <pre>
 * java bench/HoldLoad.java --targets http://127.0.0.1:28080,http://127.0.0.1:28081 --conns 64 \
 *     --pairs team1:pool1,team2:pool2 --amount 1 --ttl PT5M --warmup 5 --duration 15 --key SECRET \
 *     [--client socket|jdk] [--label name]
 * </pre>
 *
 * Prints machine-readable lines on stdout: {@code PHASE <name> <epoch ms>} when warm-up and
 * measurement start and end, and one {@code RESULT key=value ...} line for the measured
 * interval. A hold counts in the interval in which its response arrived; the latencies are
 * those of the hold requests (the release is not included). {@code --client socket} (the
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

		String[] bodies = new String[pairs.length];
		for (int i = 0; i < pairs.length; i++) {
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
		long[][] perTarget = new long[targets.size()][2];
		CountDownLatch done = new CountDownLatch(conns);
		System.out.println("PHASE warmup " + start);
		System.out.flush();
		for (int w = 0; w < conns; w++) {
			int worker = w;
			int t = w % targets.size();
			Connection c = clientKind.equals("jdk") ? new JdkConnection(clients.get(t), targets.get(t), key)
					: new SocketConnection(targets.get(t), key);
			Stats s = new Stats();
			stats[w] = s;
			Thread thread = new Thread(() -> {
				try {
					while (true) {
						long now = System.currentTimeMillis();
						if (now >= measureTo) {
							break;
						}
						String body = bodies[(int) (next.getAndIncrement() % bodies.length)];
						long t0 = System.nanoTime();
						Response hold;
						try {
							hold = c.post("/reservations", body);
						}
						catch (IOException ex) {
							hold = new Response(-1, ex.toString());
						}
						long us = (System.nanoTime() - t0) / 1000;
						long at = System.currentTimeMillis();
						boolean measured = at >= measureFrom && at < measureTo;
						if (measured) {
							s.statuses.merge(hold.status(), 1L, Long::sum);
							if (hold.status() == 201 || hold.status() == 409) {
								s.decisions++;
								s.latency(us);
								synchronized (perTarget) {
									perTarget[t][0]++;
								}
							}
							if (hold.status() == 201) {
								s.grants++;
							}
							else if (hold.status() == 409) {
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
						if (hold.status() == 201) {
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
						else if (hold.status() != 409) {
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

		Stats all = new Stats();
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
		System.out.flush();
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
