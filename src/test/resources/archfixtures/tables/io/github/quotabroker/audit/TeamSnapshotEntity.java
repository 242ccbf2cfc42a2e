package io.github.quotabroker.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// Fixture for TableOwnershipTest: a JPA entity mapping another package's table.
@Entity
@Table(name = "teams")
class TeamSnapshotEntity {

}
