package io.github.quotabroker.web;

import tools.jackson.core.StreamReadConstraints;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Tightens Jackson's parser limits for request bodies ({@code quota.web.json.*}): nesting
 * depth, number length, string length. Applied before any bean exists, because a JSON
 * factory takes its limits when it is made.
 */
public class JsonLimits implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Environment env = context.getEnvironment();
		StreamReadConstraints.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(env.getProperty("quota.web.json.max-nesting-depth", Integer.class, 32))
			.maxNumberLength(env.getProperty("quota.web.json.max-number-length", Integer.class, 40))
			.maxStringLength(env.getProperty("quota.web.json.max-string-length", Integer.class, 100_000))
			.maxNameLength(env.getProperty("quota.web.json.max-name-length", Integer.class, 200))
			.build());
	}

}
