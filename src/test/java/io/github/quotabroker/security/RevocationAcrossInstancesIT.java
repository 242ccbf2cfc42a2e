package io.github.quotabroker.security;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.QuotaBrokerApplication;
import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTest;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances on one database: a revocation on one is refused by the other at once. */
@HttpIntegrationTest
class RevocationAcrossInstancesIT {

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseCleaner cleaner;

	@Autowired
	Environment environment;

	@BeforeEach
	void setUp() throws Exception {
		this.cleaner.clean();
		this.clock.set(TestBeans.START);
		new Api(this.mvc).team("alpha", "UTC");
	}

	@Test
	void aKeyRevokedOnOneInstanceIsRefusedByTheOtherImmediately() throws Exception {
		try (ConfigurableApplicationContext second = secondInstance()) {
			int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			Http first = new Http(this.port);
			HttpResponse<String> created = first.post("/api-keys",
					"{\"name\":\"ci\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}");
			assertThat(created.statusCode()).isEqualTo(201);
			String secret = JsonPath.read(created.body(), "$.secret");
			String id = JsonPath.read(created.body(), "$.id");
			Http agentOnSecond = new Http(secondPort, secret);
			assertThat(agentOnSecond.get("/teams/alpha/availability").statusCode()).isEqualTo(200);
			assertThat(new Http(this.port, secret).get("/teams/alpha/availability").statusCode()).isEqualTo(200);
			assertThat(first.send("DELETE", "/api-keys/" + id, null).statusCode()).isEqualTo(204);
			// No waiting: the very next request on the second instance is refused.
			HttpResponse<String> refused = agentOnSecond.get("/teams/alpha/availability");
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(JsonPath.<String>read(refused.body(), "$.type"))
				.isEqualTo("https://quota-broker.github.io/problems/unauthorized");
			// And the other way round: revoked on the second, refused on the first.
			HttpResponse<String> other = new Http(secondPort).post("/api-keys",
					"{\"name\":\"lead\",\"role\":\"TEAM_LEAD\",\"teamId\":\"alpha\"}");
			String leadSecret = JsonPath.read(other.body(), "$.secret");
			assertThat(new Http(this.port, leadSecret).get("/teams/alpha").statusCode()).isEqualTo(200);
			assertThat(new Http(secondPort).send("DELETE", "/api-keys/" + JsonPath.read(other.body(), "$.id"), null)
				.statusCode()).isEqualTo(204);
			assertThat(new Http(this.port, leadSecret).get("/teams/alpha").statusCode()).isEqualTo(401);
		}
	}

	private ConfigurableApplicationContext secondInstance() {
		return new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--quota.security.requests-per-second=1000000", "--quota.security.burst=1000000",
				"--spring.datasource.hikari.maximum-pool-size=4", "--spring.datasource.hikari.minimum-idle=1",
				"--spring.datasource.url=" + this.environment.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
	}

}
