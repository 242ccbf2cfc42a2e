package io.github.quotabroker.pool;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PoolRepository extends JpaRepository<PoolEntity, String> {

	List<PoolEntity> findAllByOrderById();

}
