package io.github.quotabroker.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar quota-broker.jar import-claude-code --dir ~/.claude/projects --team T
 * --member M --url URL --key KEY}: sends every Claude Code transcript under a folder to
 * {@code POST /imports/claude-code}, one streamed request per file, and remembers in a
 * local state file how far each file was sent, so that a second run sends only what was
 * written since. Plain Java: run before (and instead of) the Spring application, it
 * starts no web server and opens no database.
 */
public final class ImportCommand {

	/** The first argument that selects this command. */
	public static final String NAME = "import-claude-code";

	static final String USAGE = "usage: java -jar quota-broker.jar " + NAME
			+ " --team TEAM [--member MEMBER] [--dir ~/.claude/projects] [--url http://localhost:8080]"
			+ " [--key KEY (or env QB_KEY)] [--kind INTERACTIVE|AUTOMATED] [--state FILE]";

	private final Map<String, String> options;

	private final PrintStream out;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private ImportCommand(Map<String, String> options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/** Runs the command; answers the process exit code. */
	public static int run(String[] args, Map<String, String> env, PrintStream out) {
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("-h") || arg.equals("--help")) {
				out.println(USAGE);
				return 0;
			}
			if (!arg.startsWith("--") || i + 1 >= args.length) {
				out.println("unexpected argument '" + arg + "'\n" + USAGE);
				return 2;
			}
			options.put(arg.substring(2), args[++i]);
		}
		String home = System.getProperty("user.home");
		options.putIfAbsent("dir", home + "/.claude/projects");
		options.putIfAbsent("url", env.getOrDefault("QB_URL", "http://localhost:8080"));
		options.putIfAbsent("state", home + "/.quota-broker/claude-code-import.state");
		if (!options.containsKey("key") && env.get("QB_KEY") != null) {
			options.put("key", env.get("QB_KEY"));
		}
		if (!options.containsKey("team") && env.get("QB_TEAM") != null) {
			options.put("team", env.get("QB_TEAM"));
		}
		if (!options.containsKey("member") && env.get("QB_MEMBER") != null) {
			options.put("member", env.get("QB_MEMBER"));
		}
		if (!options.containsKey("team")) {
			out.println("--team is required\n" + USAGE);
			return 2;
		}
		try {
			return new ImportCommand(options, out).importAll();
		}
		catch (IOException | UncheckedIOException ex) {
			out.println("import failed: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	private int importAll() throws IOException, InterruptedException {
		Path dir = Path.of(this.options.get("dir"));
		if (!Files.isDirectory(dir)) {
			this.out.println("no such folder: " + dir);
			return 2;
		}
		Path statePath = Path.of(this.options.get("state"));
		Map<String, Long> state = readState(statePath);
		List<Path> files;
		try (Stream<Path> walk = Files.walk(dir)) {
			files = walk.filter((p) -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
		}
		long started = System.nanoTime();
		Map<String, Long> totals = new TreeMap<>();
		int sent = 0;
		for (int i = 0; i < files.size(); i++) {
			Path file = files.get(i);
			String key = file.toAbsolutePath().normalize().toString();
			long from = state.getOrDefault(key, 0L);
			long to;
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				if (channel.size() < from) {
					// Rewritten from scratch: send it all again (duplicates are
					// acknowledged).
					from = 0;
				}
				to = endOfLastLine(channel, from);
				if (to <= from) {
					continue;
				}
				JsonNode answer = send(file, channel, from, to);
				if (answer == null) {
					writeState(statePath, state);
					return 1;
				}
				sent++;
				answer.properties().forEach((field) -> {
					if (field.getValue().isNumber()) {
						totals.merge(field.getKey(), field.getValue().asLong(), Long::sum);
					}
				});
				answer.get("skipped")
					.properties()
					.forEach(
							(field) -> totals.merge("skipped " + field.getKey(), field.getValue().asLong(), Long::sum));
				this.out.printf("[%d/%d] %s: %d lines, %d imported, %d duplicates%n", i + 1, files.size(),
						dir.relativize(file), answer.get("lines").asLong(), answer.get("imported").asLong(),
						answer.get("duplicates").asLong());
			}
			state.put(key, to);
			writeState(statePath, state);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (sent == 0) {
			this.out.printf("nothing new in %d files (%.1f s)%n", files.size(), seconds);
		}
		else {
			long lines = totals.getOrDefault("lines", 0L);
			this.out.printf("done: %d of %d files sent, %s; %.1f s, %.0f lines/s%n", sent, files.size(), totals,
					seconds, lines / Math.max(seconds, 1e-9));
		}
		return 0;
	}

	/**
	 * The end of the last complete line at or after {@code from}: a line still being
	 * written is left for the next run.
	 */
	static long endOfLastLine(FileChannel channel, long from) throws IOException {
		long size = channel.size();
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long end = size;
		while (end > from) {
			long start = Math.max(from, end - buffer.capacity());
			buffer.clear().limit((int) (end - start));
			channel.read(buffer, start);
			for (int i = buffer.position() - 1; i >= 0; i--) {
				if (buffer.get(i) == '\n') {
					return start + i + 1;
				}
			}
			end = start;
		}
		return from;
	}

	private JsonNode send(Path file, FileChannel channel, long from, long to) throws IOException, InterruptedException {
		StringBuilder query = new StringBuilder("?teamId=").append(encode(this.options.get("team")));
		if (this.options.containsKey("member")) {
			query.append("&memberId=").append(encode(this.options.get("member")));
		}
		if (this.options.containsKey("kind")) {
			query.append("&kind=").append(encode(this.options.get("kind")));
		}
		String name = file.getFileName().toString();
		if (name.startsWith("agent-") && file.getParent() != null
				&& "subagents".equals(file.getParent().getFileName().toString())) {
			query.append("&agentId=").append(encode(name.substring("agent-".length(), name.length() - 6)));
		}
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.options.get("url").replaceAll("/+$", "") + "/imports/claude-code" + query))
			.timeout(Duration.ofMinutes(30))
			.header("Content-Type", "application/x-ndjson")
			.POST(HttpRequest.BodyPublishers
				.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slice(channel, from, to)), to - from));
		if (this.options.containsKey("key")) {
			request.header("Authorization", "Bearer " + this.options.get("key"));
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			this.out.println(file + ": HTTP " + response.statusCode() + " " + response.body());
			return null;
		}
		return this.json.readTree(response.body());
	}

	private static InputStream slice(FileChannel channel, long from, long to) {
		try {
			FileChannel positioned = channel.position(from);
			InputStream whole = Channels.newInputStream(positioned);
			return new InputStream() {

				private long left = to - from;

				@Override
				public int read() throws IOException {
					if (this.left <= 0) {
						return -1;
					}
					int b = whole.read();
					if (b >= 0) {
						this.left--;
					}
					return b;
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					if (this.left <= 0) {
						return -1;
					}
					int n = whole.read(b, off, (int) Math.min(len, this.left));
					if (n > 0) {
						this.left -= n;
					}
					return n;
				}

			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static Map<String, Long> readState(Path path) throws IOException {
		Map<String, Long> state = new HashMap<>();
		if (Files.exists(path)) {
			for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
				int tab = line.lastIndexOf('\t');
				if (tab > 0) {
					state.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
				}
			}
		}
		return state;
	}

	static void writeState(Path path, Map<String, Long> state) throws IOException {
		if (path.getParent() != null) {
			Files.createDirectories(path.getParent());
		}
		List<String> lines = new ArrayList<>(state.size());
		new TreeMap<>(state).forEach((file, offset) -> lines.add(file + "\t" + offset));
		Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
		Files.write(tmp, lines, StandardCharsets.UTF_8);
		Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
