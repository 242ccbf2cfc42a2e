package io.github.quotabroker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * Like {@link IntegrationTest}, but the application also listens on a real, random HTTP
 * port (inject it with {@code @LocalServerPort}), for tests that need real connections:
 * concurrency, streamed bodies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "quota.metrics.refresh-interval=PT1H", "quota.reservations.sweep-interval=PT1H",
				"quota.queue.poll-interval=PT1H", "quota.retention.interval=P1D", "quota.webhooks.poll-interval=PT1H",
				"quota.security.admin-token=" + TestBeans.ADMIN_TOKEN, "quota.security.requests-per-second=1000000",
				"quota.security.burst=1000000", "spring.datasource.hikari.minimum-idle=2" })
@AutoConfigureMockMvc
@Import(TestBeans.class)
public @interface HttpIntegrationTest {

}
