package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A group of people and agents sharing quota, with the timezone its answers are given in.
 *
 * @param weight relative claim on pools under fair share; positive
 * @param automationCapPercent how far, in percent of a pool's limit, this team's
 * automated work may push window usage; from 1 to 100
 * @param maxActiveHolds at most this many of the team's holds in force at once on any one
 * pool; {@code null}: no cap (issue #16)
 * @param automationWindow the hours, in the team's zone, in which its AUTOMATED work may
 * start (issue #14), with the arithmetic of working hours; {@code null}: any time
 */
public record Team(String id, String name, ZoneId zone, BigDecimal weight, int automationCapPercent,
		List<Member> members, Instant createdAt, Instant updatedAt, Integer maxActiveHolds,
		WorkingHours automationWindow) {

	public Team {
		members = List.copyOf(members);
	}

	public Team(String id, String name, ZoneId zone, BigDecimal weight, int automationCapPercent, List<Member> members,
			Instant createdAt, Instant updatedAt, Integer maxActiveHolds) {
		this(id, name, zone, weight, automationCapPercent, members, createdAt, updatedAt, maxActiveHolds, null);
	}

	public Team(String id, String name, ZoneId zone, BigDecimal weight, int automationCapPercent, List<Member> members,
			Instant createdAt, Instant updatedAt) {
		this(id, name, zone, weight, automationCapPercent, members, createdAt, updatedAt, null);
	}

}
