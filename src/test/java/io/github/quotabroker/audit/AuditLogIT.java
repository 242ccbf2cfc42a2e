package io.github.quotabroker.audit;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every change of pools, teams, allocations and keys leaves an append-only audit row. */
class AuditLogIT extends IntegrationTestBase {

	private String audit(String query) throws Exception {
		return this.api.get("/audit" + query).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	@Test
	void everyChangeIsRecordedWithWhoWhatWhenBeforeAndAfter() throws Exception {
		this.api.rollingPool("shared", 100, "PT5H", "claude-*");
		this.api.rollingPool("shared", 200, "PT5H", "claude-*");
		this.api.team("alpha", "UTC");
		this.api.put("/teams/alpha", "{\"name\":\"Alpha\",\"timezone\":\"Europe/Berlin\",\"weight\":2}")
			.andExpect(status().isOk());
		this.api.allocate("shared", "alpha");
		this.api.put("/pools/shared/allocations/alpha", "{\"weight\":3}").andExpect(status().isOk());
		String created = this.api.post("/api-keys", "{\"name\":\"lead\",\"role\":\"TEAM_LEAD\",\"teamId\":\"alpha\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String keyId = JsonPath.read(created, "$.id");
		String leadSecret = JsonPath.read(created, "$.secret");
		// A team lead's own change is recorded under its key.
		this.clock.advance(java.time.Duration.ofMinutes(1));
		this.mvc
			.perform(MockMvcRequestBuilders.put("/teams/alpha")
				.header("Authorization", "Bearer " + leadSecret)
				.contentType("application/json")
				.content("{\"name\":\"Alpha by lead\",\"timezone\":\"UTC\"}"))
			.andExpect(status().isOk());
		this.api.delete("/api-keys/" + keyId).andExpect(status().isNoContent());
		this.api.delete("/pools/shared/allocations/alpha").andExpect(status().isNoContent());
		this.api.put("/pools/other", """
				{"name":"o","unit":"MESSAGES","limit":1,"window":{"type":"ROLLING","duration":"PT1H"},"models":["x"]}
				""").andExpect(status().isCreated());
		this.api.delete("/pools/other").andExpect(status().isNoContent());

		String all = audit("");
		List<String> actions = JsonPath.read(all, "$[*].action");
		List<String> types = JsonPath.read(all, "$[*].resourceType");
		List<String> resources = JsonPath.read(all, "$[*].resourceId");
		// Newest first.
		assertThat(actions).containsExactly("DELETE", "CREATE", "DELETE", "REVOKE", "REPLACE", "CREATE", "REPLACE",
				"CREATE", "REPLACE", "CREATE", "REPLACE", "CREATE");
		assertThat(types).containsExactly("pool", "pool", "allocation", "api-key", "team", "api-key", "allocation",
				"allocation", "team", "team", "pool", "pool");
		assertThat(resources).containsExactly("other", "other", "shared/alpha", keyId, "alpha", keyId, "shared/alpha",
				"shared/alpha", "alpha", "alpha", "shared", "shared");
		List<Integer> ids = JsonPath.read(all, "$[*].id");
		assertThat(ids).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
		// Who and when.
		assertThat(
				JsonPath.<List<String>>read(all, "$[?(@.action == 'CREATE' && @.resourceType == 'pool')].actorKeyId"))
			.containsOnly("admin-token");
		assertThat(JsonPath.<List<String>>read(all, "$[*].actorRole")).contains("ADMIN", "TEAM_LEAD");
		assertThat(JsonPath.<String>read(all, "$[4].actorKeyId")).isEqualTo(keyId);
		assertThat(JsonPath.<String>read(all, "$[4].actorRole")).isEqualTo("TEAM_LEAD");
		assertThat(JsonPath.<String>read(all, "$[4].at")).isEqualTo("2026-11-25T12:01:00Z");
		assertThat(JsonPath.<String>read(all, "$[11].at")).isEqualTo("2026-11-25T12:00:00Z");
		// Before and after.
		assertThat(JsonPath.<java.util.Map<String, Object>>read(all, "$[11]").get("before")).isNull();
		assertThat(JsonPath.<Number>read(all, "$[11].after.limit").intValue()).isEqualTo(100);
		assertThat(JsonPath.<Number>read(all, "$[10].before.limit").intValue()).isEqualTo(100);
		assertThat(JsonPath.<Number>read(all, "$[10].after.limit").intValue()).isEqualTo(200);
		assertThat(JsonPath.<String>read(all, "$[4].before.name")).isEqualTo("Alpha");
		assertThat(JsonPath.<String>read(all, "$[4].after.name")).isEqualTo("Alpha by lead");
		assertThat(JsonPath.<Number>read(all, "$[6].after.weight").intValue()).isEqualTo(3);
		assertThat(JsonPath.<java.util.Map<String, Object>>read(all, "$[3].before").get("revokedAt")).isNull();
		assertThat(JsonPath.<String>read(all, "$[3].after.revokedAt")).isEqualTo("2026-11-25T12:01:00Z");
		assertThat(JsonPath.<java.util.Map<String, Object>>read(all, "$[0]").get("after")).isNull();
		assertThat(JsonPath.<String>read(all, "$[0].before.id")).isEqualTo("other");
		// Key rows never hold a secret.
		assertThat(all).doesNotContain(leadSecret).doesNotContain("secret");
		// Filter by resource type, limit, page.
		String keys = audit("?resourceType=api-key");
		assertThat(JsonPath.<List<String>>read(keys, "$[*].action")).containsExactly("REVOKE", "CREATE");
		this.api.get("/audit?limit=2")
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].id").value(ids.get(0)));
		this.api.get("/audit?limit=2&before=" + ids.get(1))
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].id").value(ids.get(2)));
		this.api.get("/audit?resourceType=nothing").andExpect(jsonPath("$", hasSize(0)));
		this.api.get("/audit?resourceType=' or 1=1 --").andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(0)));
	}

	@Test
	void aRefusedChangeLeavesNoRow() throws Exception {
		this.api.team("alpha", "UTC");
		long before = rows();
		this.api.put("/teams/alpha", "{\"name\":\"\",\"timezone\":\"Nowhere/Nothing\"}")
			.andExpect(status().isBadRequest());
		this.api.delete("/pools/nothing").andExpect(status().isNotFound());
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void limitIsValidated() throws Exception {
		for (String limit : new String[] { "0", "-1", "1001", "abc", "99999999999999999999" }) {
			this.api.get("/audit?limit=" + limit)
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type")
					.value(org.hamcrest.Matchers.startsWith("https://quota-broker.github.io/problems/")));
		}
		this.api.get("/audit?limit=1000").andExpect(status().isOk());
		this.api.get("/audit?limit=1").andExpect(status().isOk());
	}

	@Test
	void theAuditTableRefusesUpdatesAndDeletes() throws Exception {
		this.api.team("alpha", "UTC");
		assertThat(rows()).isEqualTo(1);
		assertThatThrownBy(() -> this.jdbc.sql("update audit_log set actor_key_id = 'someone-else'").update())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> this.jdbc.sql("delete from audit_log").update()).hasMessageContaining("append-only");
		assertThat(rows()).isEqualTo(1);
		assertThat(this.jdbc.sql("select actor_key_id from audit_log").query(String.class).single())
			.isEqualTo("admin-token");
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from audit_log").query(Long.class).single();
	}

}
