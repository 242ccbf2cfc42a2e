package io.github.quotabroker.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Holds one dedicated PostgreSQL connection that {@code LISTEN}s on
 * {@value TeamEvents#CHANNEL} and hands every event, from any instance, to this
 * instance's subscribers (event streams, long-polls). Loses no sleep over a lost
 * connection: it reconnects with a growing pause and warns once per outage. Events
 * published while it is disconnected are not delivered here; long-polls re-read on their
 * own, and streams are refused until it listens again.
 */
@Component
class TeamEventListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TeamEventListener.class);

	/** How long one wait for notifications lasts; bounds how long stopping takes. */
	private static final int POLL_MILLIS = 500;

	/** How often an idle connection is checked with a query, to find a silent break. */
	private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** A notification received, and its event. */
	record Notification(TeamEvent event, String json) {
	}

	/** Gets what this instance receives. */
	interface Subscriber {

		void deliver(Notification notification);

		/**
		 * Whether anything on this instance waits for events now; when no subscriber
		 * does, a notification is not even read (every hold released is announced to
		 * every instance).
		 */
		default boolean wantsEvents() {
			return true;
		}

		/** The listener stopped: end what waits for events. */
		default void listenerStopped() {
		}

	}

	private final DataSource dataSource;

	private final ObjectReader reader;

	private final EventsProperties properties;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final Object lifecycle = new Object();

	private volatile boolean running;

	private volatile boolean listening;

	private volatile int backendPid;

	private Thread thread;

	TeamEventListener(DataSource dataSource, JsonMapper jsonMapper, EventsProperties properties,
			MeterRegistry registry) {
		this.dataSource = dataSource;
		// Events from newer instances may carry fields this one does not know yet.
		this.reader = jsonMapper.readerFor(TeamEvent.class)
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.with(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
		this.properties = properties;
		Gauge.builder("quota.events.listening", this, (l) -> l.listening ? 1 : 0)
			.description("1 while this instance listens for team events on PostgreSQL, else 0")
			.register(registry);
	}

	void subscribe(Subscriber subscriber) {
		this.subscribers.add(subscriber);
	}

	/** The PostgreSQL process of the listening connection (0: none yet). */
	int backendPid() {
		return this.backendPid;
	}

	/** Whether events published now reach this instance. */
	boolean listening() {
		return this.listening;
	}

	@Override
	public void start() {
		synchronized (this.lifecycle) {
			if (this.running) {
				return;
			}
			this.running = true;
			Connection first = null;
			try {
				// The first connection is made before start returns.
				// So the instance takes requests only once it hears events.
				first = listen();
				this.listening = true;
			}
			catch (SQLException ex) {
				log.warn("Cannot listen for team events yet ({}); retrying in the background", ex.getMessage());
			}
			Connection initial = first;
			this.thread = new Thread(() -> run(initial), "team-events-listener");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	@Override
	public void stop() {
		Thread stopping;
		synchronized (this.lifecycle) {
			if (!this.running) {
				return;
			}
			this.running = false;
			stopping = this.thread;
			this.thread = null;
		}
		try {
			stopping.join(Duration.ofSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.listening = false;
		this.subscribers.forEach(Subscriber::listenerStopped);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run(Connection initial) {
		Connection connection = initial;
		Duration backoff = this.properties.reconnectBackoff();
		boolean outage = false;
		while (this.running) {
			try {
				if (connection == null) {
					connection = listen();
					if (outage) {
						log.info("Listening for team events again");
					}
				}
				outage = false;
				backoff = this.properties.reconnectBackoff();
				this.listening = true;
				receive(connection);
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				close(connection);
				connection = null;
				if (!this.running) {
					break;
				}
				if (!outage) {
					log.warn("Lost the connection that listens for team events ({}); reconnecting, events published "
							+ "meanwhile do not reach this instance's streams", ex.getMessage());
					outage = true;
				}
				pause(backoff);
				backoff = backoff.multipliedBy(2);
				if (backoff.compareTo(this.properties.maxReconnectBackoff()) > 0) {
					backoff = this.properties.maxReconnectBackoff();
				}
			}
		}
		this.listening = false;
		close(connection);
	}

	/** Waits for notifications until stopped; throws when the connection breaks. */
	private void receive(Connection connection) throws SQLException {
		PGConnection pg = connection.unwrap(PGConnection.class);
		long lastCheck = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					deliver(notification.getParameter());
				}
			}
			if (System.nanoTime() - lastCheck > CHECK_NANOS) {
				try (Statement statement = connection.createStatement()) {
					statement.setQueryTimeout(5);
					statement.execute("select 1");
				}
				lastCheck = System.nanoTime();
			}
		}
	}

	private void deliver(String json) {
		if (!anyoneWants()) {
			return;
		}
		TeamEvent event;
		try {
			event = this.reader.readValue(json);
		}
		catch (RuntimeException ex) {
			log.warn("Ignored a team event that could not be read: {}", ex.getMessage());
			return;
		}
		if (event == null || event.type() == null) {
			log.debug("Ignored a team event of a type this instance does not know: {}", json);
			return;
		}
		Notification notification = new Notification(event, json);
		for (Subscriber subscriber : this.subscribers) {
			try {
				subscriber.deliver(notification);
			}
			catch (RuntimeException ex) {
				log.error("A team event subscriber failed", ex);
			}
		}
	}

	private boolean anyoneWants() {
		for (Subscriber subscriber : this.subscribers) {
			if (subscriber.wantsEvents()) {
				return true;
			}
		}
		return false;
	}

	/** A new connection that listens on the channel. */
	private Connection listen() throws SQLException {
		Connection connection = connect();
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + TeamEvents.CHANNEL);
			this.backendPid = connection.unwrap(PGConnection.class).getBackendPID();
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			close(connection);
			throw ex;
		}
	}

	/**
	 * A connection of its own, outside the pool when the pool tells how to open one, so
	 * it never takes a pooled connection's place nor goes back to the pool listening.
	 */
	private Connection connect() throws SQLException {
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);
			if (hikari.getJdbcUrl() != null) {
				Properties info = new Properties();
				info.putAll(hikari.getDataSourceProperties());
				if (hikari.getUsername() != null) {
					info.setProperty("user", hikari.getUsername());
				}
				if (hikari.getPassword() != null) {
					info.setProperty("password", hikari.getPassword());
				}
				info.setProperty("ApplicationName", "quota-broker team events");
				info.setProperty("tcpKeepAlive", "true");
				return DriverManager.getConnection(hikari.getJdbcUrl(), info);
			}
		}
		return this.dataSource.getConnection();
	}

	private static void close(Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			// A pooled connection must not go back to the pool still listening.
			if (!connection.isClosed()) {
				try (Statement statement = connection.createStatement()) {
					statement.setQueryTimeout(2);
					statement.execute("UNLISTEN *");
				}
			}
		}
		catch (SQLException ex) {
			// broken anyway
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// nothing more to do
		}
	}

	private void pause(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		// Sleep in short steps so that stopping is not delayed by a long pause.
		while (this.running && System.nanoTime() < end) {
			try {
				Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
