package io.github.quotabroker.team;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** JPA mapping of {@code allocations}: a team may draw on a pool. */
@Entity
@Table(name = "allocations")
@IdClass(AllocationEntity.Key.class)
class AllocationEntity {

	@Id
	String poolId;

	@Id
	String teamId;

	BigDecimal weight;

	long guaranteed;

	Integer borrowLimitPercent;

	boolean preemptible;

	Instant createdAt;

	Instant updatedAt;

	static class Key implements Serializable {

		String poolId;

		String teamId;

		Key() {
		}

		Key(String poolId, String teamId) {
			this.poolId = poolId;
			this.teamId = teamId;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && Objects.equals(this.poolId, k.poolId) && Objects.equals(this.teamId, k.teamId);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.poolId, this.teamId);
		}

	}

}
