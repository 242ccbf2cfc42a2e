package io.github.quotabroker.pool;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import io.github.quotabroker.web.Caller;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class PoolController {

	private final PoolService pools;

	PoolController(PoolService pools) {
		this.pools = pools;
	}

	@PutMapping("/pools/{poolId}")
	ResponseEntity<PoolResponse> put(@PathVariable String poolId, @RequestBody PoolRequest request) {
		PoolService.Saved saved = this.pools.put(poolId, request);
		PoolResponse body = PoolResponse.of(saved.pool(), saved.alternatives());
		return saved.created() ? ResponseEntity.created(URI.create("/pools/" + poolId)).body(body)
				: ResponseEntity.ok(body);
	}

	@GetMapping("/pools")
	List<PoolResponse> list(Caller caller) {
		java.util.Map<String, List<String>> alternatives = this.pools.allAlternatives();
		return this.pools.all()
			.stream()
			.filter((p) -> caller.sees(p.id()))
			.map((p) -> PoolResponse.of(p, alternatives.getOrDefault(p.id(), List.of())))
			.toList();
	}

	@GetMapping("/pools/{poolId}")
	PoolResponse get(@PathVariable String poolId) {
		return PoolResponse.of(this.pools.get(poolId), this.pools.alternativesOf(poolId));
	}

	@DeleteMapping("/pools/{poolId}")
	ResponseEntity<Void> delete(@PathVariable String poolId) {
		this.pools.delete(poolId);
		return ResponseEntity.noContent().build();
	}

}
