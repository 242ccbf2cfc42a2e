package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /teams/{teamId}}.
 *
 * @param weight relative claim on pools under fair share; default 1
 * @param automationCapPercent how far, in percent of a pool's limit, the team's automated
 * work may push window usage; from 1 to 100, default 90
 * @param maxActiveHolds at most this many of the team's holds in force at once on any one
 * pool (default: no cap); only an admin may change it
 * @param automationWindow {@code HH:mm-HH:mm} in the team's timezone, may cross midnight
 * ({@code 22:00-06:00}): AUTOMATED work outside it is deferred to its next start
 * (default: any time)
 */
public record TeamRequest(String name, String timezone, BigDecimal weight, Integer automationCapPercent,
		List<MemberSpec> members, Integer maxActiveHolds, String automationWindow) {

	public TeamRequest(String name, String timezone, BigDecimal weight, Integer automationCapPercent,
			List<MemberSpec> members) {
		this(name, timezone, weight, automationCapPercent, members, null, null);
	}

	/**
	 * @param workingHours {@code HH:mm-HH:mm} in the member's own timezone; may cross
	 * midnight
	 */
	public record MemberSpec(String id, String timezone, String workingHours) {
	}

}
