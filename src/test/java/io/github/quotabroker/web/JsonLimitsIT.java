package io.github.quotabroker.web;

import io.github.quotabroker.support.Api;
import io.github.quotabroker.support.IntegrationTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Request bodies beyond the parser limits are refused before anything is read into
 * objects.
 */
class JsonLimitsIT extends IntegrationTestBase {

	@BeforeEach
	void setUp() throws Exception {
		this.api.rollingPool("session", 1000, "PT5H", "claude-*");
		this.api.team("platform", "Europe/Berlin");
	}

	@Test
	void nestingDeeperThanThirtyTwoLevelsIsRefused() throws Exception {
		String event = Api.event("e1", "platform", "claude-sonnet-4", "2026-11-25T11:59:00Z", 1);
		String deep = "[".repeat(40) + event + "]".repeat(40);
		this.api.post("/usage-events", deep)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("limit")));
		assertThat(this.ledger.events()).isZero();
	}

	@Test
	void aNumberLongerThanFortyDigitsIsRefused() throws Exception {
		String event = Api.event("e1", "platform", "claude-sonnet-4", "2026-11-25T11:59:00Z", 1)
			.replace("\"inputTokens\":100", "\"inputTokens\":1" + "0".repeat(45));
		this.api.post("/usage-events", event)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("limit")));
		assertThat(this.ledger.events()).isZero();
	}

	@Test
	void ordinaryNestingAndNumbersStillWork() throws Exception {
		this.api.usage("e1", "platform", "claude-sonnet-4", "2026-11-25T11:59:00Z", 1).andExpect(status().isOk());
		assertThat(this.ledger.events()).isEqualTo(1);
	}

}
