package io.github.quotabroker.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
			+ " [--key KEY (or env QB_KEY)] [--kind INTERACTIVE|AUTOMATED] [--state FILE]"
			+ " [--parallel N (project folders sent at once, default 1)]";

	private final Map<String, String> options;

	private final PrintStream out;

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
		int parallel;
		try {
			parallel = Integer.parseInt(this.options.getOrDefault("parallel", "1"));
		}
		catch (NumberFormatException ex) {
			parallel = 0;
		}
		if (parallel < 1 || parallel > 64) {
			this.out.println("--parallel must be a whole number from 1 to 64\n" + USAGE);
			return 2;
		}
		Path statePath = Path.of(this.options.get("state"));
		Map<String, Long> state = readState(statePath);
		List<Path> files;
		try (Stream<Path> walk = Files.walk(dir)) {
			files = walk.filter((p) -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
		}
		long started = System.nanoTime();
		Progress progress = new Progress(dir, files.size(), statePath, state);
		// A project folder's files go through one sender, in order.
		// Resumed sessions and subagents repeat calls only within their project folder.
		// So a call's kept copy is the one that sending all files in order keeps.
		Map<Path, List<Integer>> projects = new LinkedHashMap<>();
		for (int i = 0; i < files.size(); i++) {
			Path relative = dir.relativize(files.get(i));
			Path project = (relative.getNameCount() > 1) ? relative.getName(0) : relative;
			projects.computeIfAbsent(project, (k) -> new ArrayList<>()).add(i);
		}
		ConcurrentLinkedQueue<List<Integer>> queue = new ConcurrentLinkedQueue<>(projects.values());
		if (parallel == 1) {
			sendProjects(queue, files, progress);
		}
		else {
			ExecutorService senders = Executors.newFixedThreadPool(Math.min(parallel, projects.size() + 1));
			try {
				List<Future<Void>> running = new ArrayList<>();
				for (int t = 0; t < parallel; t++) {
					running.add(senders.submit(() -> {
						sendProjects(queue, files, progress);
						return null;
					}));
				}
				for (Future<Void> future : running) {
					try {
						future.get();
					}
					catch (ExecutionException ex) {
						if (ex.getCause() instanceof IOException io) {
							throw io;
						}
						if (ex.getCause() instanceof RuntimeException runtime) {
							throw runtime;
						}
						throw new IllegalStateException(ex.getCause());
					}
				}
			}
			finally {
				senders.shutdownNow();
			}
		}
		if (progress.failed()) {
			return 1;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (progress.sent == 0) {
			this.out.printf("nothing new in %d files (%.1f s)%n", files.size(), seconds);
		}
		else {
			long lines = progress.totals.getOrDefault("lines", 0L);
			this.out.printf("done: %d of %d files sent, %s; %.1f s, %.0f lines/s%n", progress.sent, files.size(),
					progress.totals, seconds, lines / Math.max(seconds, 1e-9));
		}
		return 0;
	}

	/** Takes project folders off the queue and sends their files in order. */
	private void sendProjects(Queue<List<Integer>> queue, List<Path> files, Progress progress) throws IOException {
		List<Integer> project;
		while (!progress.failed() && (project = queue.poll()) != null) {
			for (int i : project) {
				if (progress.failed() || !sendFile(files.get(i), i, progress)) {
					break;
				}
			}
		}
	}

	/** What the senders have done so far; shared by them, so every method locks. */
	private final class Progress {

		private final Path dir;

		private final int files;

		private final Path statePath;

		private final Map<String, Long> state;

		private final Map<String, Long> totals = new TreeMap<>();

		private int sent;

		private boolean failed;

		Progress(Path dir, int files, Path statePath, Map<String, Long> state) {
			this.dir = dir;
			this.files = files;
			this.statePath = statePath;
			this.state = state;
		}

		synchronized long sentUpTo(String key) {
			return this.state.getOrDefault(key, 0L);
		}

		synchronized boolean failed() {
			return this.failed;
		}

		synchronized void fail() throws IOException {
			this.failed = true;
			writeState(this.statePath, this.state);
		}

		synchronized void answered(Path file, int index, String key, long to, JsonNode answer) throws IOException {
			this.sent++;
			answer.properties().forEach((field) -> {
				if (field.getValue().isNumber()) {
					this.totals.merge(field.getKey(), field.getValue().asLong(), Long::sum);
				}
			});
			answer.get("skipped")
				.properties()
				.forEach((field) -> this.totals.merge("skipped " + field.getKey(), field.getValue().asLong(),
						Long::sum));
			ImportCommand.this.out.printf("[%d/%d] %s: %d lines, %d imported, %d duplicates%n", index + 1, this.files,
					this.dir.relativize(file), answer.get("lines").asLong(), answer.get("imported").asLong(),
					answer.get("duplicates").asLong());
			this.state.put(key, to);
			writeState(this.statePath, this.state);
		}

	}

	/** Sends what is new in one file; answers false when the service refused it. */
	private boolean sendFile(Path file, int index, Progress progress) throws IOException {
		String key = file.toAbsolutePath().normalize().toString();
		long from = progress.sentUpTo(key);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			if (channel.size() < from) {
				// Rewritten from scratch: send it all again (duplicates are
				// acknowledged).
				from = 0;
			}
			long to = endOfLastLine(channel, from);
			if (to <= from) {
				return true;
			}
			JsonNode answer = send(file, channel, from, to);
			if (answer == null) {
				progress.fail();
				return false;
			}
			progress.answered(file, index, key, to, answer);
			return true;
		}
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

	/**
	 * Posts bytes {@code [from, to)} of the file as one request of known length, copied
	 * from the file in large blocks (the JDK's HttpClient spent more CPU than the
	 * service's parsing on the same bytes, in small buffers).
	 */
	private JsonNode send(Path file, FileChannel channel, long from, long to) throws IOException {
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
		URL url = URI.create(this.options.get("url").replaceAll("/+$", "") + "/imports/claude-code" + query).toURL();
		HttpURLConnection connection = (HttpURLConnection) url.openConnection();
		connection.setRequestMethod("POST");
		connection.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
		connection.setReadTimeout((int) Duration.ofMinutes(30).toMillis());
		connection.setDoOutput(true);
		connection.setFixedLengthStreamingMode(to - from);
		connection.setRequestProperty("Content-Type", "application/x-ndjson");
		connection.setRequestProperty("Accept", "application/json");
		if (this.options.containsKey("key")) {
			connection.setRequestProperty("Authorization", "Bearer " + this.options.get("key"));
		}
		byte[] block = new byte[256 * 1024];
		ByteBuffer buffer = ByteBuffer.wrap(block);
		try (OutputStream body = connection.getOutputStream()) {
			long position = from;
			while (position < to) {
				buffer.clear().limit((int) Math.min(block.length, to - position));
				int n = channel.read(buffer, position);
				if (n < 0) {
					throw new IOException(file + " ended before byte " + to);
				}
				body.write(block, 0, n);
				position += n;
			}
		}
		int status = connection.getResponseCode();
		InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
		String answer;
		try (InputStream response = in) {
			answer = (response != null) ? new String(response.readAllBytes(), StandardCharsets.UTF_8) : "";
		}
		if (status != 200) {
			this.out.println(file + ": HTTP " + status + " " + answer);
			return null;
		}
		return this.json.readTree(answer);
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
