package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;

import io.github.quotabroker.web.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ForecastController {

	private final ForecastService forecasts;

	private final Workflows workflows;

	private final WrittenAnswers written;

	ForecastController(ForecastService forecasts, Workflows workflows, JsonMapper json) {
		this.forecasts = forecasts;
		this.workflows = workflows;
		this.written = new WrittenAnswers(json);
	}

	@GetMapping("/teams/{teamId}/forecast")
	ResponseEntity<byte[]> team(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) Duration horizon, @RequestParam(required = false) Duration step) {
		TeamForecast answer = this.forecasts.forTeam(teamId, pool, horizon, step);
		String key = teamId + "|" + pool + "|" + horizon + "|" + step;
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.written.of(key, answer));
	}

	@GetMapping("/teams/{teamId}/workflows")
	WorkflowListing workflows(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) Integer limit) {
		return this.workflows.list(teamId, pool, from, to, limit);
	}

	@GetMapping("/pools/{poolId}/forecast")
	PoolForecast pool(Caller caller, @PathVariable String poolId, @RequestParam(required = false) Duration horizon,
			@RequestParam(required = false) Duration step) {
		return this.forecasts.forPool(caller, poolId, horizon, step);
	}

}
