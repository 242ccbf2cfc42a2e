package io.github.quotabroker.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.Http;
import io.github.quotabroker.support.HttpIntegrationTestBase;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A key's life: shown once, stored as a hash, used, expired or revoked. */
class ApiKeyLifecycleIT extends HttpIntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		new Api(this.mvc).team("alpha", "UTC");
	}

	private Map<String, Object> mint(String json) throws Exception {
		HttpResponse<String> response = new Http(this.port).post("/api-keys", json);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JsonPath.read(response.body(), "$");
	}

	@Test
	void theSecretIsShownOnceIsRandomAndOnlyItsHashIsStored() throws Exception {
		Map<String, Object> key = mint("{\"name\":\"ci\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}");
		String secret = (String) key.get("secret");
		String id = (String) key.get("id");
		assertThat(key).containsEntry("role", "AGENT").containsEntry("teamId", "alpha").containsEntry("name", "ci");
		assertThat(secret).startsWith("qb_");
		byte[] random = Base64.getUrlDecoder().decode(secret.substring(3));
		assertThat(random.length * 8).isGreaterThanOrEqualTo(128);
		String other = (String) mint("{\"name\":\"ci2\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}").get("secret");
		assertThat(other).isNotEqualTo(secret);
		// Listed without the secret, ever.
		HttpResponse<String> list = new Http(this.port).get("/api-keys");
		assertThat(list.body()).doesNotContain(secret).doesNotContain(other).doesNotContain("secret");
		assertThat(JsonPath.<List<String>>read(list.body(), "$[*].id")).contains(id);
		// Stored only as its SHA-256: no column holds the secret or a part of it.
		Map<String, Object> row = this.jdbc.sql("select * from api_keys where id = ?").param(id).query().singleRow();
		for (Map.Entry<String, Object> column : row.entrySet()) {
			Object value = column.getValue();
			String text = (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.ISO_8859_1)
					: String.valueOf(value);
			assertThat(text).as(column.getKey()).doesNotContain(secret.substring(3, 20));
		}
		assertThat((byte[]) row.get("secret_hash"))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		// And it works.
		assertThat(new Http(this.port, secret).get("/teams/alpha").statusCode()).isEqualTo(200);
	}

	@Test
	void aKeyStopsWorkingWhenItExpires() throws Exception {
		String secret = (String) mint("""
				{"name":"short","role":"TEAM_LEAD","teamId":"alpha","expiresAt":"2026-11-25T13:00:00Z"}
				""").get("secret");
		Http lead = new Http(this.port, secret);
		assertThat(lead.get("/teams/alpha").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(lead.get("/teams/alpha").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(1));
		HttpResponse<String> expired = lead.get("/teams/alpha");
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(expired.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(JsonPath.<String>read(expired.body(), "$.type"))
			.isEqualTo("https://quota-broker.github.io/problems/unauthorized");
		assertThat(JsonPath.<String>read(expired.body(), "$.detail")).contains("expired");
	}

	@Test
	void anExpiryInThePastIsRefused() throws Exception {
		new Api(this.mvc).post("/api-keys", """
				{"name":"old","role":"AGENT","teamId":"alpha","expiresAt":"2026-11-25T11:00:00Z"}
				""").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("expiresAt"));
	}

	@Test
	void aRevokedKeyIsRefusedAtOnce() throws Exception {
		Map<String, Object> key = mint("{\"name\":\"ci\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}");
		Http agent = new Http(this.port, (String) key.get("secret"));
		assertThat(agent.get("/teams/alpha/availability").statusCode()).isEqualTo(200);
		assertThat(new Http(this.port).send("DELETE", "/api-keys/" + key.get("id"), null).statusCode()).isEqualTo(204);
		HttpResponse<String> revoked = agent.get("/teams/alpha/availability");
		assertThat(revoked.statusCode()).isEqualTo(401);
		assertThat(JsonPath.<String>read(revoked.body(), "$.detail")).contains("revoked");
		// Revoking twice, or an unknown key: still revoked / 404.
		assertThat(new Http(this.port).send("DELETE", "/api-keys/key_doesnotexist", null).statusCode()).isEqualTo(404);
		assertThat(new Http(this.port).send("DELETE", "/api-keys/'%20or%201=1", null).statusCode()).isEqualTo(400);
		String listed = new Http(this.port).get("/api-keys").body();
		assertThat(JsonPath.<List<String>>read(listed, "$[?(@.id == '" + key.get("id") + "')].revokedAt"))
			.containsExactly("2026-11-25T12:00:00Z");
	}

	@Test
	void lastUsedAtIsRecordedWhenTheKeyIsUsed() throws Exception {
		Map<String, Object> key = mint("{\"name\":\"ci\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}");
		String id = (String) key.get("id");
		assertThat(key.get("lastUsedAt")).isNull();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(new Http(this.port, (String) key.get("secret")).get("/teams/alpha").statusCode()).isEqualTo(200);
		String listed = new Http(this.port).get("/api-keys").body();
		assertThat(JsonPath.<List<String>>read(listed, "$[?(@.id == '" + id + "')].lastUsedAt"))
			.containsExactly("2026-11-25T12:10:00Z");
	}

	@Test
	void missingMalformedAndUnknownKeysAre401WithWwwAuthenticate() throws Exception {
		for (String authorization : new String[] { "", "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=",
				"Bearerqb_test-admin-token", "Token " + TestBeans.ADMIN_TOKEN, "Bearer qb_unknown",
				"Bearer " + TestBeans.ADMIN_TOKEN + "x", "Bearer " + "x".repeat(600) }) {
			this.mvc.perform(MockMvcRequestBuilders.get("/teams").header("Authorization", authorization))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", "Bearer"))
				.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
				.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/unauthorized"));
		}
		HttpResponse<String> none = new Http(this.port, null).get("/teams");
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(JsonPath.<String>read(none.body(), "$.type"))
			.isEqualTo("https://quota-broker.github.io/problems/unauthorized");
	}

	@Test
	void aRequestsOwnAuthorizationHeaderReplacesTheTestsDefaultAdminKey() throws Exception {
		String agent = (String) mint("{\"name\":\"ci\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}").get("secret");
		this.mvc.perform(MockMvcRequestBuilders.get("/audit").header("Authorization", "Bearer " + agent))
			.andExpect(status().isForbidden());
		this.mvc.perform(MockMvcRequestBuilders.get("/audit")).andExpect(status().isOk());
	}

	@Test
	void healthAndPrometheusNeedNoKeyButOtherActuatorEndpointsDo() throws Exception {
		Http anonymous = new Http(this.port, null);
		assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/metrics").statusCode()).isEqualTo(401);
		assertThat(new Http(this.port).get("/actuator/metrics").statusCode()).isEqualTo(200);
	}

}
