package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.team.TeamRequest.MemberSpec;

/** A team as the API shows it. */
public record TeamResponse(String id, String name, String timezone, BigDecimal weight, int automationCapPercent,
		Integer maxActiveHolds, String automationWindow, List<MemberSpec> members, Instant createdAt,
		Instant updatedAt) {

	static TeamResponse of(Team team) {
		List<MemberSpec> members = team.members()
			.stream()
			.map((m) -> new MemberSpec(m.id(), m.zone().getId(),
					(m.workingStart() != null) ? m.workingStart() + "-" + m.workingEnd() : null))
			.toList();
		return new TeamResponse(team.id(), team.name(), team.zone().getId(), Numbers.plain(team.weight()),
				team.automationCapPercent(), team.maxActiveHolds(),
				(team.automationWindow() != null)
						? team.automationWindow().start() + "-" + team.automationWindow().end() : null,
				members, team.createdAt(), team.updatedAt());
	}

}
