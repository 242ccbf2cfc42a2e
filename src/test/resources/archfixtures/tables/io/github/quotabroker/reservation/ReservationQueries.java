package io.github.quotabroker.reservation;

// Fixture for TableOwnershipTest: its own table is fine, a join on pools and the queue's table are not.
class ReservationQueries {

	static final String ACTIVE = "select r.* from reservations r join pools p on p.id = r.pool_id where r.status = 'HELD'";

	static final String STAMP = "update queue_versions set version = version + 1 where pool_id = ?";

}
