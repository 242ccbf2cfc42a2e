package io.github.quotabroker.security;

import java.time.Duration;

import io.github.quotabroker.support.DatabaseCleaner;
import io.github.quotabroker.support.MutableClock;
import io.github.quotabroker.support.TestBeans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A low per-key limit (2 a second, bursts of 3): the fourth quick request of a key is a
 * 429 with Retry-After; other keys go on; the key recovers as (injected) time passes.
 */
@SpringBootTest(
		properties = { "quota.metrics.refresh-interval=PT1H", "quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"quota.security.requests-per-second=2", "quota.security.burst=3" })
@AutoConfigureMockMvc
@Import(TestBeans.class)
class RateLimitIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	DatabaseCleaner cleaner;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void setUp() {
		this.cleaner.clean();
		// Past every bucket's last use, so all are full again.
		this.clock.advance(Duration.ofMinutes(1));
		this.jdbc
			.sql("insert into teams (id, name, timezone, weight, created_at, updated_at) "
					+ "values ('alpha', 'alpha', 'UTC', 1, now(), now())")
			.update();
	}

	private String mint(String name) throws Exception {
		String body = this.mvc
			.perform(MockMvcRequestBuilders.post("/api-keys")
				.contentType("application/json")
				.content("{\"name\":\"" + name + "\",\"role\":\"AGENT\",\"teamId\":\"alpha\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return com.jayway.jsonpath.JsonPath.read(body, "$.secret");
	}

	private ResultActions get(String secret) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.get("/teams/alpha").header("Authorization", "Bearer " + secret));
	}

	@Test
	void theFourthQuickRequestIsRefusedWithRetryAfterAndOnlyForThatKey() throws Exception {
		String first = mint("first");
		String second = mint("second");
		for (int i = 0; i < 3; i++) {
			get(first).andExpect(status().isOk());
		}
		String retryAfter = get(first).andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://quota-broker.github.io/problems/too-many-requests"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(header().exists("Retry-After"))
			.andReturn()
			.getResponse()
			.getHeader("Retry-After");
		assertThat(Long.parseLong(retryAfter)).isBetween(1L, 2L);
		get(first).andExpect(status().isTooManyRequests());
		// Another key has its own bucket.
		get(second).andExpect(status().isOk());
		// Time (the injected clock) refills the bucket: 2 a second.
		this.clock.advance(Duration.ofSeconds(1));
		get(first).andExpect(status().isOk());
		get(first).andExpect(status().isOk());
		get(first).andExpect(status().isTooManyRequests());
		this.clock.advance(Duration.ofSeconds(5));
		for (int i = 0; i < 3; i++) {
			get(first).andExpect(status().isOk());
		}
		get(first).andExpect(status().isTooManyRequests());
	}

	@Test
	void anInvalidKeyIs401NotCountedAgainstAnyone() throws Exception {
		String key = mint("k");
		for (int i = 0; i < 10; i++) {
			this.mvc.perform(MockMvcRequestBuilders.get("/teams/alpha").header("Authorization", "Bearer qb_nope"))
				.andExpect(status().isUnauthorized());
		}
		get(key).andExpect(status().isOk());
	}

}
