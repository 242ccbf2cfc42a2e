package io.github.quotabroker.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test application context at {@link TestDatabase}, unless a test set its
 * own datasource URL.
 */
public class DatabaseProperties implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("spring.datasource.url")
				|| environment.containsProperty("quota.test.embedded")) {
			return;
		}
		TestDatabase.Connection db = TestDatabase.get();
		Map<String, Object> props = new HashMap<>();
		props.put("spring.datasource.url", db.url());
		props.put("spring.datasource.username", db.username());
		props.put("spring.datasource.password", db.password());
		environment.getPropertySources().addFirst(new MapPropertySource("testDatabase", props));
	}

}
