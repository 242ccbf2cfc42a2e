package io.github.quotabroker.web;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Who is calling: the authenticated API key, its role and (except for admins) its team.
 * Controllers receive it as a method argument; capabilities use it to filter what a
 * non-admin may see.
 *
 * @param keyId the API key's id ({@code admin-token} for the configured admin token)
 * @param teamId {@code null} for admins
 */
public record Caller(String keyId, Role role, String teamId, Supplier<Set<String>> allocatedPools) {

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	/**
	 * Whether the caller may act for {@code team}: admins for all, others for their own.
	 */
	public boolean actsFor(String team) {
		return isAdmin() || (this.teamId != null && this.teamId.equals(team));
	}

	/**
	 * Whether the caller may see {@code poolId}: admins all, others the pools their team
	 * is allocated.
	 */
	public boolean sees(String poolId) {
		return isAdmin() || this.allocatedPools.get().contains(poolId);
	}

	/** Refuses with 403 unless the caller acts for {@code team}. */
	public void requireTeam(String team) {
		if (!actsFor(team)) {
			throw new Forbidden("This key acts for team '" + this.teamId + "' only");
		}
	}

}
