package io.github.quotabroker.team;

// Fixture for TableOwnershipTest: the owner of allocations may query it.
class AllocationStore {

	static final String TERMS = """
			select a.team_id, a.weight from allocations a where a.pool_id = :poolId
			""";

	static final String INSERT = "insert into allocations (pool_id, team_id) values (:poolId, :teamId)";

}
