package io.github.quotabroker.forecast;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class EstimatesController {

	private final TaskEstimates estimates;

	EstimatesController(TaskEstimates estimates) {
		this.estimates = estimates;
	}

	@GetMapping("/teams/{teamId}/estimates")
	TaskEstimate estimate(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) String taskType) {
		return this.estimates.estimate(teamId, pool, taskType);
	}

}
