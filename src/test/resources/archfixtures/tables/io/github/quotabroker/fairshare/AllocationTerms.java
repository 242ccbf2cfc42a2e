package io.github.quotabroker.fairshare;

// Fixture for TableOwnershipTest: a package reading another package's table.
class AllocationTerms {

	// select * from pools -- a comment is no query
	static final String TERMS = """
			SELECT a.team_id, a.weight, a.guaranteed_percent
			  FROM allocations a
			 WHERE a.pool_id = :poolId
			""";

}
