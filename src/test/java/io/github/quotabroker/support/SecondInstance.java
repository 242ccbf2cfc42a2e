package io.github.quotabroker.support;

import io.github.quotabroker.QuotaBrokerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A second instance of the service on the test's database, for races across instances:
 * its own web server on a free port, its own clock, background jobs slowed to an hour so
 * that only what the test does runs, and no rate limit.
 */
public final class SecondInstance {

	private SecondInstance() {
	}

	/** Starts it on the database of {@code first}; close the context when done. */
	public static ConfigurableApplicationContext start(Environment first) {
		return new SpringApplicationBuilder(QuotaBrokerApplication.class, TestBeans.class).run("--server.port=0",
				"--quota.metrics.refresh-interval=PT1H", "--quota.reservations.sweep-interval=PT1H",
				"--quota.queue.poll-interval=PT1H", "--quota.webhooks.poll-interval=PT1H",
				"--quota.forecast.anomalies.interval=PT1H", "--quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
				"--quota.security.requests-per-second=1000000", "--quota.security.burst=1000000",
				"--spring.datasource.hikari.maximum-pool-size=5",
				"--spring.datasource.url=" + first.getProperty("spring.datasource.url"),
				"--spring.datasource.username=" + first.getProperty("spring.datasource.username"),
				"--spring.datasource.password=" + first.getProperty("spring.datasource.password", ""));
	}

	/** The port its web server listens on. */
	public static int port(ConfigurableApplicationContext second) {
		return Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
	}

}
