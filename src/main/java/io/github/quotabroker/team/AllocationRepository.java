package io.github.quotabroker.team;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface AllocationRepository extends JpaRepository<AllocationEntity, AllocationEntity.Key> {

	List<AllocationEntity> findByTeamIdOrderByPoolId(String teamId);

	List<AllocationEntity> findByPoolIdOrderByTeamId(String poolId);

	List<AllocationEntity> findAllByOrderByPoolIdAscTeamIdAsc();

}
