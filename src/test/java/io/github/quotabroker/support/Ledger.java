package io.github.quotabroker.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the usage tables directly, to check what a request did or did not write. */
public class Ledger {

	private final JdbcClient jdbc;

	public Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long events() {
		return count("usage_events");
	}

	public long minuteBuckets() {
		return count("usage_minute_buckets");
	}

	public long hourBuckets() {
		return count("usage_hour_buckets");
	}

	/** Rows in the ledger and in both bucket tables together. */
	public long allRows() {
		return events() + minuteBuckets() + hourBuckets();
	}

	public boolean hasEvent(String eventId) {
		return this.jdbc.sql("select count(*) from usage_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single() == 1;
	}

	/** Sum of amounts in one bucket table ({@code minute} or {@code hour}) for a pool. */
	public long bucketAmount(String granularity, String poolId) {
		return this.jdbc
			.sql("select coalesce(sum(amount), 0) from usage_" + table(granularity) + "_buckets where pool_id = ?")
			.param(poolId)
			.query(Long.class)
			.single();
	}

	/** Sum of the event counts in one bucket table for a pool. */
	public long bucketEvents(String granularity, String poolId) {
		return this.jdbc
			.sql("select coalesce(sum(events), 0) from usage_" + table(granularity) + "_buckets where pool_id = ?")
			.param(poolId)
			.query(Long.class)
			.single();
	}

	private static String table(String granularity) {
		if (!granularity.equals("minute") && !granularity.equals("hour")) {
			throw new IllegalArgumentException(granularity);
		}
		return granularity;
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

}
