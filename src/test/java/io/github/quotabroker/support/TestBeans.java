package io.github.quotabroker.support;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

	/** Tests start on a Wednesday in November 2026, after the US DST change. */
	public static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

	/**
	 * Accepted as an ADMIN key in every test application
	 * ({@code quota.security.admin-token}).
	 */
	public static final String ADMIN_TOKEN = "qb_test-admin-token";

	/**
	 * Every MockMvc request authenticates as admin unless the test sets its own header.
	 */
	@Bean
	org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer adminByDefault() {
		return (builder) -> builder
			.defaultRequest(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/")
				.header("Authorization", "Bearer " + ADMIN_TOKEN));
	}

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock(START);
	}

	@Bean
	DatabaseCleaner databaseCleaner(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		return new DatabaseCleaner(jdbc);
	}

}
