package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code PUT /teams/{teamId}}.
 *
 * @param weight relative claim on pools under fair share; default 1
 * @param automationCapPercent how far, in percent of a pool's limit, the team's automated
 * work may push window usage; from 1 to 100, default 90
 */
public record TeamRequest(String name, String timezone, BigDecimal weight, Integer automationCapPercent,
		List<MemberSpec> members) {

	/**
	 * @param workingHours {@code HH:mm-HH:mm} in the member's own timezone; may cross
	 * midnight
	 */
	public record MemberSpec(String id, String timezone, String workingHours) {
	}

}
