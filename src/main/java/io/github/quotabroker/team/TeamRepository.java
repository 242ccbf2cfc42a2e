package io.github.quotabroker.team;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TeamRepository extends JpaRepository<TeamEntity, String> {

	List<TeamEntity> findAllByOrderById();

	@Query("select t.id from TeamEntity t where t.id in :ids")
	List<String> findExistingIds(Collection<String> ids);

}
