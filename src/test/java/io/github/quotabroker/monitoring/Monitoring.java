package io.github.quotabroker.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The files under {@code monitoring/} and the tools that check them. */
final class Monitoring {

	static final Path ROOT = Path.of("monitoring").toAbsolutePath();

	static final Path PROMETHEUS_CONFIG = ROOT.resolve("prometheus/prometheus.yml");

	static final Path RULES = ROOT.resolve("prometheus/rules");

	static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");

	static final Path DATASOURCES = ROOT.resolve("grafana/provisioning/datasources/prometheus.yml");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Monitoring() {
	}

	static List<Path> dashboardFiles() throws IOException {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((f) -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

	static JsonNode dashboard(Path file) throws IOException {
		return JSON.readTree(Files.readString(file));
	}

	static List<Path> ruleFiles() throws IOException {
		try (Stream<Path> files = Files.list(RULES)) {
			return files.filter((f) -> f.toString().endsWith(".yml")).sorted().toList();
		}
	}

	/**
	 * The compose Prometheus config, with its rule files where they are in this checkout.
	 */
	static String prometheusConfigHere() throws IOException {
		return Files.readString(PROMETHEUS_CONFIG).replace("/etc/prometheus/rules/", RULES + "/");
	}

	/** Whether {@code command} is on the PATH. */
	static boolean installed(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

	record Result(int exitCode, String output) {
	}

	/** Runs a short command to its end (at most a minute), output and errors together. */
	static Result run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		assertThat(ended).as("%s ended within a minute", command).isTrue();
		return new Result(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

}
