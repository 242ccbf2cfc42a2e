package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A group of people and agents sharing quota, with the timezone its answers are given in.
 *
 * @param weight relative claim on pools under fair share; positive
 */
public record Team(String id, String name, ZoneId zone, BigDecimal weight, List<Member> members, Instant createdAt,
		Instant updatedAt) {

	public Team {
		members = List.copyOf(members);
	}

}
