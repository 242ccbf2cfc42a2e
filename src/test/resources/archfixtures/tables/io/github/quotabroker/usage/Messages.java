package io.github.quotabroker.usage;

// Fixture for TableOwnershipTest: English that names tables is no SQL.
class Messages {

	static final String IN_USE = "Pool has usage or active reservations; delete it once its reservations have ended";

	static final String TEAMS = "Usage of teams and pools over time";

	// A column label that happens to be a table's name.
	static String[] pools(java.sql.ResultSet rs) throws java.sql.SQLException {
		return (String[]) rs.getArray("pools").getArray();
	}

}
