package io.github.quotabroker.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The monitoring files as their tools read them: promtool for the scrape config and the
 * rules, docker-compose for the compose file, and the dashboards' JSON against the
 * provisioned datasource and their own variables. Grafana itself cannot run here.
 */
class MonitoringConfigTest {

	private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)(?::\\w+)?}");

	private static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__interval", "__range",
			"__interval_ms", "__range_s", "__all");

	@Test
	void promtoolAcceptsTheScrapeConfigAndTheRules(@TempDir Path dir) throws Exception {
		assumeTrue(Monitoring.installed("promtool"),
				"promtool not installed (Debian package prometheus; .ci/run installs it): skipped");
		Path config = dir.resolve("prometheus.yml");
		Files.writeString(config, Monitoring.prometheusConfigHere());

		Monitoring.Result checkConfig = Monitoring.run(List.of("promtool", "check", "config", config.toString()));
		assertThat(checkConfig.exitCode()).as(checkConfig.output()).isZero();
		assertThat(checkConfig.output()).contains("SUCCESS").contains("rules found");

		List<String> checkRules = new ArrayList<>(List.of("promtool", "check", "rules"));
		Monitoring.ruleFiles().forEach((f) -> checkRules.add(f.toString()));
		Monitoring.Result rules = Monitoring.run(checkRules);
		assertThat(rules.exitCode()).as(rules.output()).isZero();
	}

	@Test
	void everyAlertNamesItsPoolOrTeamOrInstanceAndHasARunbook() throws Exception {
		for (Path file : Monitoring.ruleFiles()) {
			String text = Files.readString(file);
			String[] alerts = text.split("- alert: ");
			assertThat(alerts).as("alerts in %s", file).hasSizeGreaterThan(1);
			for (int i = 1; i < alerts.length; i++) {
				String alert = alerts[i];
				String summary = alert.lines().filter((l) -> l.trim().startsWith("summary:")).findFirst().orElse("");
				assertThat(summary).as(alert).containsPattern("\\$labels\\.(pool|team|instance|reason)");
				assertThat(alert).as(alert).contains("runbook:").contains("severity:");
			}
		}
	}

	@Test
	void theComposeFileValidatesAndTheServiceRunsWithoutMonitoring(@TempDir Path dir) throws Exception {
		assumeTrue(Monitoring.installed("docker-compose"),
				"docker-compose not installed (Debian package docker-compose; .ci/run installs it): skipped");
		Path project = Path.of("").toAbsolutePath();
		// Debian's docker-compose 1.29 predates the top-level 'name' of Compose v2.
		String compose = Files.readString(project.resolve("docker-compose.yml")).replaceFirst("(?m)^name: .*\\n", "");
		Path file = dir.resolve("docker-compose.yml");
		Files.writeString(file, compose);
		List<String> base = List.of("docker-compose", "--project-directory", project.toString(), "-f", file.toString());

		Monitoring.Result config = Monitoring.run(concat(base, "config", "-q"));
		assertThat(config.exitCode()).as(config.output()).isZero();
		Monitoring.Result services = Monitoring.run(concat(base, "config", "--services"));
		assertThat(services.output().lines()).contains("postgres", "quota-broker", "prometheus", "grafana");
		Monitoring.Result resolved = Monitoring.run(concat(base, "config"));
		assertThat(resolved.output()).contains("prom/prometheus:v2.53.4")
			.contains("grafana/grafana:11.6.0")
			.contains("GF_AUTH_ANONYMOUS_ORG_ROLE: Viewer");
		String service = resolved.output().substring(resolved.output().indexOf("\n  quota-broker:"));
		String serviceOnly = service.substring(0, service.indexOf("\n  ", service.indexOf("restart:")));
		assertThat(serviceOnly).doesNotContain("prometheus").doesNotContain("grafana");

		// Profile "replicas": a second instance with the same settings and a proxy over
		// both.
		assertThat(services.output().lines()).contains("quota-broker-2", "proxy");
		String second = resolved.output().substring(resolved.output().indexOf("\n  quota-broker-2:"));
		assertThat(second.substring(0, second.indexOf("restart:"))).contains("profiles:")
			.contains("replicas")
			.contains("SPRING_DATASOURCE_URL: jdbc:postgresql://postgres:5432/quota");
		String proxy = resolved.output().substring(resolved.output().indexOf("\n  proxy:"));
		assertThat(proxy.substring(0, proxy.indexOf("restart:"))).contains("caddy:2.8.4-alpine")
			.contains("quota-broker:8080")
			.contains("quota-broker-2:8080")
			.contains("replicas");
	}

	@Test
	void everyPanelUsesTheProvisionedDatasourceAndEveryVariableResolves() throws Exception {
		String datasources = Files.readString(Monitoring.DATASOURCES);
		assertThat(datasources).containsPattern("(?m)^\\s+uid: prometheus$").contains("type: prometheus");
		Set<String> uids = new HashSet<>();
		List<Path> files = Monitoring.dashboardFiles();
		assertThat(files).hasSize(3);
		for (Path file : files) {
			JsonNode board = Monitoring.dashboard(file);
			uids.add(board.path("uid").asString());
			assertThat(board.path("schemaVersion").asInt()).as(file.toString()).isGreaterThanOrEqualTo(36);
			Set<String> variables = new HashSet<>();
			for (JsonNode variable : board.path("templating").path("list")) {
				variables.add(variable.path("name").asString());
				assertProvisioned(variable.path("datasource"), file + " variable " + variable.path("name"));
			}
			for (JsonNode variable : board.path("templating").path("list")) {
				assertResolves(variable.path("definition").asString(), variables, file + " variable");
			}
			assertThat(board.path("panels")).as(file.toString()).isNotEmpty();
			for (JsonNode panel : board.path("panels")) {
				String where = file.getFileName() + " panel '" + panel.path("title").asString() + "'";
				assertProvisioned(panel.path("datasource"), where);
				assertThat(panel.path("targets")).as(where).isNotEmpty();
				assertThat(panel.path("gridPos").path("w").asInt()).as(where).isBetween(1, 24);
				for (JsonNode target : panel.path("targets")) {
					assertProvisioned(target.path("datasource"), where);
					assertThat(target.path("expr").asString()).as(where).isNotBlank();
					assertResolves(target.path("expr").asString(), variables, where);
					assertResolves(target.path("legendFormat").asString(), variables, where);
				}
			}
		}
		assertThat(uids).containsExactlyInAnyOrder("quota-broker-quota", "quota-broker-decisions",
				"quota-broker-service");
	}

	private static void assertProvisioned(JsonNode datasource, String where) {
		assertThat(datasource.path("uid").asString()).as(where + " datasource").isEqualTo("prometheus");
		assertThat(datasource.path("type").asString()).as(where + " datasource type").isEqualTo("prometheus");
	}

	private static void assertResolves(String text, Set<String> variables, String where) {
		Matcher m = VARIABLE.matcher(text);
		while (m.find()) {
			String name = (m.group(1) != null) ? m.group(1) : m.group(2);
			assertThat(variables.contains(name) || GRAFANA_BUILTINS.contains(name))
				.as("%s: $%s is not a variable of its dashboard", where, name)
				.isTrue();
		}
	}

	private static List<String> concat(List<String> base, String... more) {
		List<String> all = new ArrayList<>(base);
		all.addAll(List.of(more));
		return all;
	}

}
