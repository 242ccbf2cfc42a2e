package io.github.quotabroker.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API-key security settings ({@code quota.security.*}).
 *
 * @param adminToken a secret accepted as an ADMIN key (set {@code QUOTA_ADMIN_TOKEN});
 * empty: none
 * @param bootstrapAdmin when no admin key exists and no admin token is set, create one on
 * first start and log its secret once
 * @param publicPaths paths served without a key (Ant patterns): health, metrics and the
 * team page ({@code /}, {@code /index.html}, {@code /assets/**}, {@code /favicon.ico}),
 * which asks for a key itself
 * @param requestsPerSecond sustained requests per second allowed per key, per instance
 * @param burst requests a key may send at once before the rate applies
 * @param lastUsedResolution how often a key's {@code lastUsedAt} is written at most
 */
@ConfigurationProperties("quota.security")
public record SecurityProperties(@DefaultValue("") String adminToken, @DefaultValue("true") boolean bootstrapAdmin,
		@DefaultValue( {
				"/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info", "/", "/index.html",
				"/assets/**", "/favicon.ico" }) List<String> publicPaths,
		@DefaultValue("500") int requestsPerSecond, @DefaultValue("1000") int burst,
		@DefaultValue("PT1M") Duration lastUsedResolution){

	public SecurityProperties {
		if (requestsPerSecond < 1 || burst < 1) {
			throw new IllegalArgumentException("quota.security.requests-per-second and burst must be positive");
		}
	}

}
