package io.github.quotabroker.queue;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class QueueController {

	private final QueueGrants reservations;

	QueueController(QueueGrants reservations) {
		this.reservations = reservations;
	}

	@GetMapping("/pools/{poolId}/queue")
	PoolQueue<?> queue(@PathVariable String poolId, @RequestParam(defaultValue = "100") int limit) {
		return this.reservations.queue(poolId, limit);
	}

}
