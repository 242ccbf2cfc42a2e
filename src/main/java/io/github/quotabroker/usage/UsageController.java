package io.github.quotabroker.usage;

import java.time.Duration;
import java.time.Instant;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.MalformedBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private final UsageMetrics metrics;

	private final JsonMapper json;

	UsageController(UsageService usage, UsageMetrics metrics, JsonMapper json) {
		this.usage = usage;
		this.metrics = metrics;
		this.json = json;
	}

	/**
	 * The body is parsed here, at the edge, as the one JSON document it must be. Whether
	 * it is a usage event or an array of them is the service's to say.
	 */
	@PostMapping(path = "/usage-events", consumes = MediaType.APPLICATION_JSON_VALUE)
	IngestAnswer record(Caller caller, @RequestBody String body) {
		return this.usage.record(caller, parse(body));
	}

	@PostMapping(path = "/usage-events", consumes = CLOUD_EVENT)
	IngestAnswer recordCloudEvent(Caller caller, @RequestBody String body) {
		return this.usage.recordCloudEvents(caller, parse(body), false);
	}

	@PostMapping(path = "/usage-events", consumes = CLOUD_EVENT_BATCH)
	IngestAnswer recordCloudEvents(Caller caller, @RequestBody String body) {
		return this.usage.recordCloudEvents(caller, parse(body), true);
	}

	private JsonNode parse(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			this.metrics.rejected("malformed", 1);
			throw new MalformedBody(ex);
		}
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
