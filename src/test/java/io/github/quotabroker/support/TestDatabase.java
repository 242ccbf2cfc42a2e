package io.github.quotabroker.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL for the whole test JVM: {@code QUOTA_TEST_DATABASE_URL} when set (a
 * fresh database is created on that server for this run and dropped at exit), else a
 * Testcontainers PostgreSQL when a Docker engine answers, else an embedded PostgreSQL.
 */
public final class TestDatabase {

	public record Connection(String url, String username, String password, String kind) {
	}

	private static Connection instance;

	private TestDatabase() {
	}

	public static synchronized Connection get() {
		if (instance == null) {
			instance = start();
			System.out.println("[test database] " + instance.kind() + " " + instance.url());
		}
		return instance;
	}

	private static Connection start() {
		String url = System.getenv("QUOTA_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return freshDatabaseOn(url, System.getenv().getOrDefault("QUOTA_TEST_DATABASE_USER", "postgres"),
					System.getenv().getOrDefault("QUOTA_TEST_DATABASE_PASSWORD", ""));
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"testcontainers");
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (Exception ex) {
					// the JVM is exiting anyway
				}
			}));
			return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start an embedded PostgreSQL", ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static Connection freshDatabaseOn(String serverUrl, String user, String password) {
		String name = "qb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (java.sql.Connection c = DriverManager.getConnection(serverUrl, user, password);
				Statement s = c.createStatement()) {
			s.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create a test database on " + serverUrl, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (java.sql.Connection c = DriverManager.getConnection(serverUrl, user, password);
					Statement s = c.createStatement()) {
				s.execute("drop database if exists " + name + " with (force)");
			}
			catch (SQLException ex) {
				// best effort
			}
		}));
		int q = serverUrl.indexOf('?');
		String base = (q < 0) ? serverUrl : serverUrl.substring(0, q);
		String query = (q < 0) ? "" : serverUrl.substring(q);
		String url = base.substring(0, base.lastIndexOf('/') + 1) + name + query;
		return new Connection(url, user, password, "server");
	}

}
