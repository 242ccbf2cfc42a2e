package io.github.quotabroker.usage;

// Fixture for TableOwnershipTest: a bare table name handed to a query counts as a mention.
class BucketTable {

	static final String OWN = "usage_hour_buckets";

	static final String OTHER = "teams";

}
