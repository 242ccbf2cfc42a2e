package io.github.quotabroker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * A full application against the test JVM's real PostgreSQL, with a {@link MutableClock},
 * MockMvc, and every table emptied before each test (see {@link DatabaseCleaner}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "quota.metrics.refresh-interval=PT1H", "quota.reservations.sweep-interval=PT1H",
		"quota.queue.poll-interval=PT1H", "quota.retention.interval=P1D", "quota.webhooks.poll-interval=PT1H",
		"quota.forecast.anomalies.interval=PT1H", "quota.security.admin-token=" + TestBeans.ADMIN_TOKEN,
		"quota.security.requests-per-second=1000000", "quota.security.burst=1000000" })
@AutoConfigureMockMvc
@Import(TestBeans.class)
public @interface IntegrationTest {

}
