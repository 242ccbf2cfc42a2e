package io.github.quotabroker.security;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.TestBeans;
import io.github.quotabroker.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bootstrapping on a database of its own: with no admin token, the first start creates an
 * admin key and logs its secret once; later starts do not; a configured token is an admin
 * key and no key is generated.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapIT {

	private static final Pattern SECRET = Pattern.compile("qb_[A-Za-z0-9_-]{43}");

	private String url;

	private String serverUrl;

	private String database;

	@BeforeEach
	void createDatabase() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		this.serverUrl = db.url();
		this.database = "qb_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = DriverManager.getConnection(this.serverUrl, db.username(), db.password());
				Statement s = c.createStatement()) {
			s.execute("create database " + this.database);
		}
		int q = this.serverUrl.indexOf('?');
		String base = (q < 0) ? this.serverUrl : this.serverUrl.substring(0, q);
		String query = (q < 0) ? "" : this.serverUrl.substring(q);
		this.url = base.substring(0, base.lastIndexOf('/') + 1) + this.database + query;
	}

	@AfterEach
	void dropDatabase() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		try (Connection c = DriverManager.getConnection(this.serverUrl, db.username(), db.password());
				Statement s = c.createStatement()) {
			s.execute("drop database if exists " + this.database + " with (force)");
		}
	}

	private ConfigurableApplicationContext start(String... extra) {
		TestDatabase.Connection db = TestDatabase.get();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--quota.metrics.refresh-interval=PT1H",
				"--spring.datasource.hikari.maximum-pool-size=3", "--spring.datasource.hikari.minimum-idle=1",
				"--spring.datasource.url=" + this.url, "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password()));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class)
			.run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static List<String> secrets(String output) {
		List<String> found = new ArrayList<>();
		Matcher m = SECRET.matcher(output);
		while (m.find()) {
			found.add(m.group());
		}
		return found;
	}

	private long adminKeys(ConfigurableApplicationContext context) {
		return context.getBean(JdbcClient.class)
			.sql("select count(*) from api_keys where role = 'ADMIN'")
			.query(Long.class)
			.single();
	}

	@Test
	void withoutAnAdminTokenTheFirstStartCreatesAnAdminKeyAndLogsItOnce(CapturedOutput output) throws Exception {
		String secret;
		try (ConfigurableApplicationContext first = start("--quota.security.admin-token=")) {
			List<String> logged = secrets(output.getAll());
			assertThat(logged).hasSize(1);
			secret = logged.get(0);
			assertThat(output.getAll()).contains("No admin API key existed, so one was created");
			assertThat(adminKeys(first)).isEqualTo(1);
			Http admin = new Http(port(first), secret);
			assertThat(admin.get("/api-keys").statusCode()).isEqualTo(200);
			assertThat(admin.get("/audit").statusCode()).isEqualTo(200);
			assertThat(admin.send("PUT", "/teams/alpha", "{\"name\":\"a\",\"timezone\":\"UTC\"}").statusCode())
				.isEqualTo(201);
			assertThat(new Http(port(first), null).get("/api-keys").statusCode()).isEqualTo(401);
			// The configured-token path is off: the tests' usual token is no key here.
			assertThat(new Http(port(first)).get("/api-keys").statusCode()).isEqualTo(401);
		}
		int before = output.getAll().length();
		try (ConfigurableApplicationContext second = start("--quota.security.admin-token=")) {
			String later = output.getAll().substring(before);
			assertThat(secrets(later)).isEmpty();
			assertThat(later).doesNotContain("No admin API key existed");
			assertThat(adminKeys(second)).isEqualTo(1);
			Http admin = new Http(port(second), secret);
			assertThat(admin.get("/api-keys").statusCode()).isEqualTo(200);
			// Once the only admin key is revoked, the next start makes a new one.
			String id = com.jayway.jsonpath.JsonPath.<List<String>>read(admin.get("/api-keys").body(), "$[*].id")
				.get(0);
			assertThat(admin.send("DELETE", "/api-keys/" + id, null).statusCode()).isEqualTo(204);
			assertThat(admin.get("/api-keys").statusCode()).isEqualTo(401);
		}
		before = output.getAll().length();
		try (ConfigurableApplicationContext third = start("--quota.security.admin-token=")) {
			List<String> logged = secrets(output.getAll().substring(before));
			assertThat(logged).hasSize(1).doesNotContain(secret);
			assertThat(new Http(port(third), logged.get(0)).get("/api-keys").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void withAnAdminTokenNoKeyIsGeneratedAndTheTokenIsAnAdminKey(CapturedOutput output) throws Exception {
		String token = "qb_configured-" + UUID.randomUUID();
		try (ConfigurableApplicationContext context = start("--quota.security.admin-token=" + token)) {
			assertThat(adminKeys(context)).isZero();
			assertThat(secrets(output.getAll())).isEmpty();
			assertThat(output.getAll()).doesNotContain("No admin API key existed").doesNotContain(token);
			Http admin = new Http(port(context), token);
			assertThat(admin.get("/api-keys").statusCode()).isEqualTo(200);
			assertThat(admin.get("/audit").statusCode()).isEqualTo(200);
			assertThat(admin.send("PUT", "/teams/alpha", "{\"name\":\"a\",\"timezone\":\"UTC\"}").statusCode())
				.isEqualTo(201);
			assertThat(new Http(port(context), token + "x").get("/api-keys").statusCode()).isEqualTo(401);
		}
	}

}
