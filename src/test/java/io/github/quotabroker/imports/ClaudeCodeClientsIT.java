package io.github.quotabroker.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the scripts of {@code clients/claude-code} (POSIX sh, curl, jq) with recorded hook
 * input against the running service.
 */
class ClaudeCodeClientsIT extends HttpIntegrationTestBase {

	static final Path CLIENTS = Path.of("clients/claude-code").toAbsolutePath();

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A port of this test's range where nothing listens: the service is "down". */
	static final int DOWN = 18799;

	@TempDir
	Path home;

	Path transcript;

	@BeforeAll
	static void toolsAreInstalled() {
		for (String tool : List.of("sh", "curl", "jq")) {
			Assumptions.assumeTrue(onPath(tool), tool + " is not installed: the client scripts' test is skipped");
		}
	}

	static boolean onPath(String tool) {
		try {
			Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
			return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 100, "PT5H", "claude-*");
		this.api.team("payments", "Europe/Berlin");
		this.api.allocate("session", "payments");
		this.transcript = this.home.resolve("session.jsonl");
		Files.copy(ClaudeCodeImportIT.SESSION_A, this.transcript);
	}

	record Result(int exit, String out, String err) {
	}

	Result run(String script, String stdin, String... env) throws Exception {
		return run(this.port, script, stdin, env);
	}

	Result run(int port, String script, String stdin, String... env) throws Exception {
		List<String> command = new ArrayList<>(List.of("sh", CLIENTS.resolve(script).toString()));
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((k) -> k.startsWith("QB_"));
		environment.put("HOME", this.home.toString());
		environment.put("TZ", "UTC");
		environment.put("QB_URL", "http://127.0.0.1:" + port);
		environment.put("QB_KEY", TestBeans.ADMIN_TOKEN);
		environment.put("QB_TEAM", "payments");
		environment.put("QB_MEMBER", "ana");
		environment.put("QB_TIMEOUT", "5");
		for (int i = 0; i < env.length; i += 2) {
			environment.put(env[i], env[i + 1]);
		}
		Process process = builder.start();
		process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), out, err);
	}

	String stopInput(Path transcript) {
		return """
				{"session_id":"5b1e2c4a-0d3f-4a7e-9c61-2f8e1a9b0c11","transcript_path":"%s",
				 "cwd":"/work/payments","permission_mode":"default","hook_event_name":"Stop","stop_hook_active":false}
				""".formatted(transcript);
	}

	@Test
	void theStopHookPostsTheTurnsUsageOnceAndNothingTheSecondTime() throws Exception {
		Result first = run("qb-stop-hook.sh", stopInput(this.transcript));
		assertThat(first.exit()).isZero();
		assertThat(first.out()).isEmpty();
		assertThat(this.ledger.events()).isEqualTo(5);
		assertThat(this.jdbc.sql("select count(distinct member_id) from usage_events where member_id = 'ana'")
			.query(Long.class)
			.single()).isOne();

		Result second = run("qb-stop-hook.sh", stopInput(this.transcript));
		assertThat(second.exit()).isZero();
		assertThat(this.ledger.events()).isEqualTo(5);

		// The next turn appends a call: only it is sent.
		String line = Files.readAllLines(ClaudeCodeImportIT.SESSION_A)
			.get(2)
			.replace("msg_01A", "msg_01Z")
			.replace("2026-11-20T09:15:02.120Z", "2026-11-25T11:00:00.000Z");
		Files.writeString(this.transcript, line + "\n", java.nio.file.StandardOpenOption.APPEND);
		run("qb-stop-hook.sh", stopInput(this.transcript));
		assertThat(this.ledger.events()).isEqualTo(6);
	}

	@Test
	void whenTheServiceIsDownTheStopHookQueuesAndTheNextRunSends() throws Exception {
		Result down = run(DOWN, "qb-stop-hook.sh", stopInput(this.transcript));
		assertThat(down.exit()).isZero();
		assertThat(down.out()).isEmpty();
		assertThat(this.ledger.events()).isZero();

		// Another session's hook, with the service back, sends both transcripts.
		Path other = this.home.resolve("other.jsonl");
		Files.copy(ClaudeCodeImportIT.EXACT.resolve("projects/-work-api/9d3a4e6c-2f5b-4c9a-9e83-4b0a3c1d2e33.jsonl"),
				other);
		Result up = run("qb-stop-hook.sh", stopInput(other));
		assertThat(up.exit()).isZero();
		assertThat(this.ledger.events()).isEqualTo(6);
	}

	String preToolUse() {
		return """
				{"session_id":"s-1","transcript_path":"/tmp/none.jsonl","cwd":"/work","permission_mode":"default",
				 "hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"make test"},"tool_use_id":"toolu_01"}
				""";
	}

	@Test
	void theAdmissionHookStopsAnAutomatedSessionWithTheServicesSentence() throws Exception {
		this.api.usage("used-95", "payments", "claude-sonnet-4-5", "2026-11-25T11:00:00Z", 95);
		Result pre = run("qb-admission-hook.sh", preToolUse(), "QB_AUTOMATED", "1", "QB_ADMISSION_POOL", "session");
		assertThat(pre.exit()).isZero();
		JsonNode output = JSON.readTree(pre.out());
		String sentence = output.get("stopReason").asString();
		assertThat(sentence).startsWith("Stopping: 5-hour quota usage at");
		assertThat(output.get("continue").asBoolean()).isFalse();
		assertThat(output.at("/hookSpecificOutput/permissionDecision").asString()).isEqualTo("deny");
		assertThat(output.at("/hookSpecificOutput/permissionDecisionReason").asString()).isEqualTo(sentence);

		Result prompt = run("qb-admission-hook.sh",
				"{\"session_id\":\"s-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"go on\"}",
				"QB_AUTOMATED", "1", "QB_ADMISSION_POOL", "session");
		JsonNode blocked = JSON.readTree(prompt.out());
		assertThat(blocked.get("decision").asString()).isEqualTo("block");
		assertThat(blocked.get("reason").asString()).isEqualTo(sentence);

		// An interactive session is never stopped by this hook.
		assertThat(run("qb-admission-hook.sh", preToolUse(), "QB_ADMISSION_POOL", "session").out()).isEmpty();
	}

	@Test
	void theAdmissionHookLetsTheSessionGoOnWhenAdmittedOrWhenTheServiceIsDown() throws Exception {
		Result admitted = run("qb-admission-hook.sh", preToolUse(), "QB_AUTOMATED", "1", "QB_ADMISSION_POOL",
				"session");
		assertThat(admitted.exit()).isZero();
		assertThat(admitted.out()).isEmpty();
		Result down = run(DOWN, "qb-admission-hook.sh", preToolUse(), "QB_AUTOMATED", "1", "QB_ADMISSION_POOL",
				"session", "QB_STATE_DIR", this.home.resolve("fresh").toString());
		assertThat(down.exit()).isZero();
		assertThat(down.out()).isEmpty();
	}

	String statusInput() {
		return """
				{"session_id":"s-1","transcript_path":"/tmp/none.jsonl","cwd":"/work","model":{"id":"claude-opus-4-1","display_name":"Opus"},
				 "workspace":{"current_dir":"/work","project_dir":"/work"},"version":"2.1.90",
				 "rate_limits":{"five_hour":{"used_percentage":62.0,"resets_at":1765000000},
				                "seven_day":{"used_percentage":41.0,"resets_at":1765400000}}}
				""";
	}

	@Test
	void theStatusLineShowsTheTightestPoolAndIgnoresAServiceWithoutObservations() throws Exception {
		this.api.usage("used-62", "payments", "claude-sonnet-4-5", "2026-11-25T11:00:00Z", 62);
		Result status = run("qb-statusline.sh", statusInput(), "QB_STATUS_LABELS", "session=5h", "QB_POOL_5H",
				"session", "QB_POOL_7D", "session");
		assertThat(status.exit()).isZero();
		assertThat(status.err()).isEmpty();
		String plain = status.out().replaceAll("\u001b\\[[0-9;]*m", "").trim();
		// The oldest usage (11:00) rolls off the 5-hour window at the end of its minute.
		assertThat(plain).matches("5h 62% · resets 16:0[01]");
		assertThat(status.out()).contains("\u001b[");

		// Cached: new usage shows only after the cache expires.
		this.api.usage("used-10", "payments", "claude-sonnet-4-5", "2026-11-25T11:30:00Z", 10);
		String cached = run("qb-statusline.sh", statusInput(), "QB_STATUS_LABELS", "session=5h").out();
		assertThat(cached.replaceAll("\u001b\\[[0-9;]*m", "").trim()).startsWith("5h 62%");
		String fresh = run("qb-statusline.sh", statusInput(), "QB_STATUS_LABELS", "session=5h",
				"QB_STATUS_CACHE_SECONDS", "0")
			.out();
		assertThat(fresh.replaceAll("\u001b\\[[0-9;]*m", "").trim()).startsWith("5h 72%");
	}

	@Test
	void theStatusLineSaysSoWhenTheServiceCannotBeReached() throws Exception {
		Result down = run(DOWN, "qb-statusline.sh", statusInput(), "QB_POOL_5H", "session");
		assertThat(down.exit()).isZero();
		assertThat(down.out().trim()).isEqualTo("quota: service unreachable");
	}

	@Test
	void installWritesTheHooksOnceAndKeepsOtherSettings() throws Exception {
		Path settings = this.home.resolve("project/.claude/settings.json");
		Files.createDirectories(settings.getParent());
		Files.writeString(settings, """
				{"model":"opus","hooks":{"Stop":[{"hooks":[{"type":"command","command":"notify-send done"}]}]}}
				""");
		Map<String, String> env = new HashMap<>();
		for (int i = 0; i < 2; i++) {
			Result install = runInstall(settings, "--team", "payments", "--member", "ana", "--url",
					"http://127.0.0.1:" + this.port, "--key", "k-1", "--automated", "--labels", "session=5h");
			assertThat(install.exit()).as(install.err()).isZero();
		}
		JsonNode written = JSON.readTree(Files.readString(settings));
		assertThat(written.get("model").asString()).isEqualTo("opus");
		assertThat(written.at("/hooks/Stop")).hasSize(2);
		assertThat(written.at("/hooks/Stop/0/hooks/0/command").asString()).isEqualTo("notify-send done");
		assertThat(written.at("/hooks/Stop/1/hooks/0/command").asString())
			.isEqualTo(CLIENTS.resolve("qb-stop-hook.sh").toString());
		assertThat(written.at("/hooks/PreToolUse")).hasSize(1);
		assertThat(written.at("/hooks/UserPromptSubmit")).hasSize(1);
		assertThat(written.at("/statusLine/command").asString())
			.isEqualTo(CLIENTS.resolve("qb-statusline.sh").toString());
		String config = Files.readString(this.home.resolve(".config/quota-broker/claude-code.env"));
		assertThat(config).contains("QB_TEAM=payments").contains("QB_KEY=k-1").contains("QB_AUTOMATED=1");

		// Without --automated, the admission hooks go again.
		runInstall(settings, "--team", "payments");
		JsonNode interactive = JSON.readTree(Files.readString(settings));
		assertThat(interactive.has("hooks")).isTrue();
		assertThat(interactive.get("hooks").has("PreToolUse")).isFalse();
		assertThat(interactive.at("/hooks/Stop")).hasSize(2);
		assertThat(env).isEmpty();
	}

	@Test
	void theScriptsReadTheirSettingsFromTheConfigFileAndPrintAUsageLine() throws Exception {
		Path settings = this.home.resolve("project/.claude/settings.json");
		runInstall(settings, "--team", "payments", "--member", "ana", "--url", "http://127.0.0.1:" + this.port, "--key",
				TestBeans.ADMIN_TOKEN);
		ProcessBuilder builder = new ProcessBuilder("sh", CLIENTS.resolve("qb-stop-hook.sh").toString());
		builder.environment().keySet().removeIf((k) -> k.startsWith("QB_"));
		builder.environment().put("HOME", this.home.toString());
		Process process = builder.start();
		process.getOutputStream().write(stopInput(this.transcript).getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.ledger.events()).isEqualTo(5);
		for (String script : List.of("qb-stop-hook.sh", "qb-admission-hook.sh", "qb-statusline.sh", "install.sh")) {
			Result help = run(script, "", "QB_TEAM", "");
			assertThat(new ProcessBuilder("sh", CLIENTS.resolve(script).toString(), "--help").start()
				.inputReader()
				.readLine()).as(script).startsWith("usage: " + script);
			assertThat(help.exit()).as(script).isIn(0, 2);
		}
	}

	Result runInstall(Path settings, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("sh", CLIENTS.resolve("install.sh").toString(), "--settings", settings.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().keySet().removeIf((k) -> k.startsWith("QB_"));
		builder.environment().put("HOME", this.home.toString());
		Process process = builder.start();
		process.getOutputStream().close();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), out, err);
	}

}
