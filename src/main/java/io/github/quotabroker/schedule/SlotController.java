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
class SlotController {

	private final SlotService slots;

	SlotController(SlotService slots) {
		this.slots = slots;
	}

	@PostMapping(path = "/teams/{teamId}/slots", consumes = MediaType.APPLICATION_JSON_VALUE)
	SlotResponse find(Caller caller, @PathVariable String teamId, @RequestBody SlotRequest request) {
		return this.slots.find(caller, teamId, request);
	}

}
