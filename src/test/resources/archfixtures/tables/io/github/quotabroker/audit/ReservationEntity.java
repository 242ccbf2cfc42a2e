package io.github.quotabroker.audit;

import jakarta.persistence.Entity;

// Fixture for TableOwnershipTest: without @Table an entity maps to its class name, reservation_entity.
@Entity
class ReservationEntity {

}
