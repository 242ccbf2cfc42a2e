package io.github.quotabroker.schedule;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CoordinationController {

	private final CoordinationService coordination;

	CoordinationController(CoordinationService coordination) {
		this.coordination = coordination;
	}

	@GetMapping("/pools/{poolId}/coordination")
	CoordinationResponse plan(@PathVariable String poolId, @RequestParam(required = false) String date,
			@RequestParam(required = false) String days) {
		return this.coordination.plan(poolId, date, days);
	}

}
