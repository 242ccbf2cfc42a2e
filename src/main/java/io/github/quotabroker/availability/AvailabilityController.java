package io.github.quotabroker.availability;

import java.time.Instant;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AvailabilityController {

	private final AvailabilityService availability;

	AvailabilityController(AvailabilityService availability) {
		this.availability = availability;
	}

	@GetMapping("/teams/{teamId}/availability")
	TeamAvailability availability(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
		return this.availability.of(teamId, pool, at);
	}

}
