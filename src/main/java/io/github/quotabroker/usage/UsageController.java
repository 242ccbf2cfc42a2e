package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class UsageController {

	static final String CLOUD_EVENT = "application/cloudevents+json";

	static final String CLOUD_EVENT_BATCH = "application/cloudevents-batch+json";

	private final UsageService usage;

	UsageController(UsageService usage) {
		this.usage = usage;
	}

	@PostMapping(path = "/usage-events", consumes = MediaType.APPLICATION_JSON_VALUE)
	IngestAnswer record(Caller caller, @RequestBody String body) {
		return this.usage.record(caller, body);
	}

	@PostMapping(path = "/usage-events", consumes = CLOUD_EVENT)
	IngestAnswer recordCloudEvent(Caller caller, @RequestBody String body) {
		return this.usage.recordCloudEvents(caller, body, false);
	}

	@PostMapping(path = "/usage-events", consumes = CLOUD_EVENT_BATCH)
	IngestAnswer recordCloudEvents(Caller caller, @RequestBody String body) {
		return this.usage.recordCloudEvents(caller, body, true);
	}

	@GetMapping("/pools/{poolId}/usage")
	UsageHistory history(Caller caller, @PathVariable String poolId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) String groupBy, @RequestParam(required = false) Duration step) {
		Ids.requireResourceId("poolId", poolId);
		return this.usage.history(caller, poolId, from, to, groupBy, step);
	}

}
