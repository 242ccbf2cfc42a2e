package io.github.quotabroker.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the embedded PostgreSQL that starts when no datasource URL is configured.
 *
 * @param dataDirectory where the embedded server keeps its files; {@code null} keeps them
 * in a temporary folder that is removed on shutdown
 * @param port TCP port of the embedded server; 0 picks a free one
 */
@ConfigurationProperties("quota.embedded-database")
public record EmbeddedDatabaseProperties(Path dataDirectory, int port) {
}
