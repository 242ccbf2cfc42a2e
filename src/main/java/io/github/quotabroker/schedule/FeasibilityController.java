package io.github.quotabroker.schedule;

import io.github.quotabroker.web.Caller;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class FeasibilityController {

	private final FeasibilityService feasibility;

	FeasibilityController(FeasibilityService feasibility) {
		this.feasibility = feasibility;
	}

	@PostMapping(path = "/teams/{teamId}/plans/feasibility", consumes = MediaType.APPLICATION_JSON_VALUE)
	FeasibilityResponse assess(Caller caller, @PathVariable String teamId, @RequestBody FeasibilityRequest request) {
		return this.feasibility.assess(caller, teamId, request);
	}

}
