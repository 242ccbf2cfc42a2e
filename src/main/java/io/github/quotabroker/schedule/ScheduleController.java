package io.github.quotabroker.schedule;

import io.github.quotabroker.web.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ScheduleController {

	private final ScheduleService schedules;

	ScheduleController(ScheduleService schedules) {
		this.schedules = schedules;
	}

	@PostMapping(path = "/teams/{teamId}/schedules", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	ScheduleResponse create(Caller caller, @PathVariable String teamId, @RequestBody ScheduleRequest request) {
		return this.schedules.create(caller, teamId, request);
	}

	@GetMapping("/teams/{teamId}/schedules/{scheduleId}")
	ScheduleResponse get(Caller caller, @PathVariable String teamId, @PathVariable String scheduleId) {
		return this.schedules.get(caller, teamId, scheduleId);
	}

	@DeleteMapping("/teams/{teamId}/schedules/{scheduleId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Caller caller, @PathVariable String teamId, @PathVariable String scheduleId) {
		this.schedules.delete(caller, teamId, scheduleId);
	}

}
