package io.github.quotabroker.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when the PostgreSQL server runs with autovacuum off. Reservations and
 * queue stamps are updated on every decision: without vacuum their dead rows pile up, and
 * without analyze the plans made while the tables were empty (sequential scans) stay, so
 * decisions slow down hour by hour (a soak on such a server fell to a third of its
 * throughput in 20 minutes).
 */
@Component
class AutovacuumCheck {

	private static final Logger log = LoggerFactory.getLogger(AutovacuumCheck.class);

	private final JdbcClient jdbc;

	AutovacuumCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		try {
			if (autovacuumOff()) {
				log.warn("PostgreSQL runs with autovacuum off: reservations and queue tables will bloat and "
						+ "their plans go stale; turn it on (autovacuum = on) or run VACUUM (ANALYZE) regularly");
			}
		}
		catch (DataAccessException ex) {
			log.debug("Could not read the autovacuum setting", ex);
		}
	}

	boolean autovacuumOff() {
		return "off".equals(this.jdbc.sql("show autovacuum").query(String.class).single());
	}

}
