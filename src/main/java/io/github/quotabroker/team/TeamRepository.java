package io.github.quotabroker.team;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<TeamEntity, String> {

	List<TeamEntity> findAllByOrderById();

}
