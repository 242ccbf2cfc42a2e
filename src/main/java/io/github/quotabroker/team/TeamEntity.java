package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** JPA mapping of {@code teams} and {@code team_members}. */
@Entity
@Table(name = "teams")
class TeamEntity {

	@Id
	String id;

	String name;

	String timezone;

	BigDecimal weight;

	short automationCapPercent;

	Integer maxActiveHolds;

	LocalTime automationWindowStart;

	LocalTime automationWindowEnd;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "team_members", joinColumns = @JoinColumn(name = "team_id"))
	@OrderBy("memberId")
	List<MemberRow> members = new ArrayList<>();

	Instant createdAt;

	Instant updatedAt;

	@Version
	long version;

	@Embeddable
	static class MemberRow {

		@Column(name = "member_id")
		String memberId;

		String timezone;

		LocalTime workingStart;

		LocalTime workingEnd;

	}

}
