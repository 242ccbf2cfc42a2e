package io.github.quotabroker.security;

import java.util.Map;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Role;

/**
 * Which role may call which endpoint, and for which team or pool: one table, written
 * once. Endpoints that list or accept data of several teams are open to every role here
 * and filtered or checked by their capability with the {@link Caller}.
 */
final class AccessPolicy {

	enum Rule {

		/** Admins only. */
		ADMIN,

		/** Admins and team leads; the capability limits a lead to its team. */
		ADMIN_OR_LEAD,

		/**
		 * Admins, and team leads whose team is allocated the {@code poolId} in the path.
		 */
		ADMIN_OR_LEAD_OF_POOL,

		/** Admins, and team leads of the {@code teamId} in the path. */
		ADMIN_OR_LEAD_OF_TEAM,

		/** Admins, and any key of the {@code teamId} in the path. */
		OWN_TEAM,

		/** Admins, and any key of a team allocated the {@code poolId} in the path. */
		OWN_POOL,

		/** Any valid key; the capability filters or checks the team. */
		ANY

	}

	private static final Map<String, Rule> RULES = Map.ofEntries(Map.entry("PUT /pools/{poolId}", Rule.ADMIN),
			Map.entry("DELETE /pools/{poolId}", Rule.ADMIN), Map.entry("GET /pools", Rule.ADMIN_OR_LEAD),
			Map.entry("GET /pools/{poolId}", Rule.ADMIN_OR_LEAD_OF_POOL),
			Map.entry("GET /pools/{poolId}/allocations", Rule.ADMIN_OR_LEAD_OF_POOL),
			Map.entry("GET /pools/{poolId}/usage", Rule.ADMIN_OR_LEAD_OF_POOL),
			Map.entry("PUT /pools/{poolId}/allocations/{teamId}", Rule.ADMIN),
			Map.entry("DELETE /pools/{poolId}/allocations/{teamId}", Rule.ADMIN), Map.entry("GET /teams", Rule.ANY),
			Map.entry("GET /teams/{teamId}", Rule.OWN_TEAM),
			Map.entry("PUT /teams/{teamId}", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("GET /teams/{teamId}/availability", Rule.OWN_TEAM),
			Map.entry("GET /teams/{teamId}/events", Rule.OWN_TEAM), Map.entry("POST /usage-events", Rule.ANY),
			Map.entry("POST /api-keys", Rule.ADMIN_OR_LEAD), Map.entry("GET /api-keys", Rule.ADMIN_OR_LEAD),
			Map.entry("GET /api-keys/current", Rule.ANY), Map.entry("DELETE /api-keys/{keyId}", Rule.ADMIN_OR_LEAD),
			Map.entry("GET /audit", Rule.ADMIN),
			// The service checks reservations' team, named in the body or the stored row.
			Map.entry("POST /reservations", Rule.ANY), Map.entry("GET /reservations/{reservationId}", Rule.ANY),
			Map.entry("DELETE /reservations/{reservationId}", Rule.ANY),
			Map.entry("POST /reservations/{reservationId}/commit", Rule.ANY),
			Map.entry("POST /reservations/{reservationId}/release", Rule.ANY),
			Map.entry("GET /teams/{teamId}/reservations", Rule.OWN_TEAM),
			Map.entry("GET /pools/{poolId}/capacity", Rule.OWN_POOL),
			Map.entry("GET /pools/{poolId}/queue", Rule.OWN_POOL),
			Map.entry("POST /teams/{teamId}/admission", Rule.OWN_TEAM),
			// The slot finder (#14): its own team's keys; reserve books for that team.
			Map.entry("POST /teams/{teamId}/slots", Rule.OWN_TEAM),
			// Schedules (#14): its own team's keys, as the slot finder; reserve books for
			// that team.
			Map.entry("POST /teams/{teamId}/schedules", Rule.OWN_TEAM),
			Map.entry("GET /teams/{teamId}/schedules/{scheduleId}", Rule.OWN_TEAM),
			Map.entry("DELETE /teams/{teamId}/schedules/{scheduleId}", Rule.OWN_TEAM),
			// Sprint feasibility (#14): a pure read for its own team's keys.
			Map.entry("POST /teams/{teamId}/plans/feasibility", Rule.OWN_TEAM),
			// The follow-the-sun plan (#14): keys of a team allocated the pool see every
			// team's slice, since coordinating is about all of them.
			Map.entry("GET /pools/{poolId}/coordination", Rule.OWN_POOL),
			Map.entry("GET /teams/{teamId}/estimates", Rule.OWN_TEAM),
			// Forecasts (#12): the team's own keys.
			// A pool's forecast shows non-admins only their own team's entry.
			Map.entry("GET /teams/{teamId}/forecast", Rule.OWN_TEAM),
			Map.entry("GET /teams/{teamId}/workflows", Rule.OWN_TEAM),
			Map.entry("GET /teams/{teamId}/anomalies", Rule.OWN_TEAM),
			Map.entry("GET /pools/{poolId}/forecast", Rule.OWN_POOL),
			// Webhooks (#15): a team's by its leads; a pool's by admins only.
			Map.entry("PUT /teams/{teamId}/webhooks/{id}", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("GET /teams/{teamId}/webhooks", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("GET /teams/{teamId}/webhooks/{id}", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("DELETE /teams/{teamId}/webhooks/{id}", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("GET /teams/{teamId}/webhooks/{id}/deliveries", Rule.ADMIN_OR_LEAD_OF_TEAM),
			Map.entry("PUT /pools/{poolId}/webhooks/{id}", Rule.ADMIN),
			Map.entry("GET /pools/{poolId}/webhooks", Rule.ADMIN),
			Map.entry("GET /pools/{poolId}/webhooks/{id}", Rule.ADMIN),
			Map.entry("DELETE /pools/{poolId}/webhooks/{id}", Rule.ADMIN),
			Map.entry("GET /pools/{poolId}/webhooks/{id}/deliveries", Rule.ADMIN),
			Map.entry("POST /pools/{poolId}/observations", Rule.OWN_POOL),
			Map.entry("GET /pools/{poolId}/calibration", Rule.OWN_POOL),
			// Transcript imports (#16): the importer checks the teamId parameter.
			Map.entry("POST /imports/claude-code", Rule.ANY));

	private AccessPolicy() {
	}

	/** The rule of an endpoint; endpoints not in the table are for admins only. */
	static Rule ruleFor(String method, String pattern) {
		return RULES.getOrDefault(method + " " + pattern, Rule.ADMIN);
	}

	/** Why the caller may not call, or {@code null} when it may. */
	static String refusal(Rule rule, Caller caller, Map<String, String> pathVariables) {
		if (caller.isAdmin()) {
			return null;
		}
		boolean lead = caller.role() == Role.TEAM_LEAD;
		return switch (rule) {
			case ADMIN -> "Only an ADMIN key may do this";
			case ADMIN_OR_LEAD -> lead ? null : "Only ADMIN and TEAM_LEAD keys may do this";
			case ADMIN_OR_LEAD_OF_POOL -> (lead && caller.sees(pathVariables.get("poolId"))) ? null
					: "Only ADMIN keys and TEAM_LEAD keys of a team allocated this pool may do this";
			case ADMIN_OR_LEAD_OF_TEAM -> (lead && caller.actsFor(pathVariables.get("teamId"))) ? null
					: "Only ADMIN keys and the team's own TEAM_LEAD keys may do this";
			case OWN_TEAM -> caller.actsFor(pathVariables.get("teamId")) ? null
					: "This key acts for team '" + caller.teamId() + "' only";
			case OWN_POOL -> caller.sees(pathVariables.get("poolId")) ? null
					: "Only ADMIN keys and keys of a team allocated this pool may do this";
			case ANY -> null;
		};
	}

}
