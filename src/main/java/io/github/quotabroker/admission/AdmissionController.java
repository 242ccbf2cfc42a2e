package io.github.quotabroker.admission;

import io.github.quotabroker.web.Caller;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AdmissionController {

	private final AdmissionService admission;

	AdmissionController(AdmissionService admission) {
		this.admission = admission;
	}

	@PostMapping(path = "/teams/{teamId}/admission", consumes = MediaType.APPLICATION_JSON_VALUE)
	AdmissionResponse check(Caller caller, @PathVariable String teamId, @RequestBody AdmissionRequest request) {
		return this.admission.check(caller, teamId, request);
	}

}
