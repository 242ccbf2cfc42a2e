package io.github.quotabroker.webhook;

/**
 * The team or the pool a webhook belongs to, as named in the path: exactly one is set.
 */
record WebhookOwner(String teamId, String poolId) {

	static WebhookOwner team(String teamId) {
		return new WebhookOwner(teamId, null);
	}

	static WebhookOwner pool(String poolId) {
		return new WebhookOwner(null, poolId);
	}

	String describe() {
		return (this.teamId != null) ? "team '" + this.teamId + "'" : "pool '" + this.poolId + "'";
	}

}
