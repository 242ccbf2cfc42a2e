package io.github.quotabroker.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP settings shared by every endpoint.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("quota.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
