package io.github.quotabroker.forecast;

import java.time.Duration;

import io.github.quotabroker.web.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ForecastController {

	private final ForecastService forecasts;

	ForecastController(ForecastService forecasts) {
		this.forecasts = forecasts;
	}

	@GetMapping("/teams/{teamId}/forecast")
	TeamForecast team(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) Duration horizon, @RequestParam(required = false) Duration step) {
		return this.forecasts.forTeam(teamId, pool, horizon, step);
	}

	@GetMapping("/pools/{poolId}/forecast")
	PoolForecast pool(Caller caller, @PathVariable String poolId, @RequestParam(required = false) Duration horizon,
			@RequestParam(required = false) Duration step) {
		return this.forecasts.forPool(caller, poolId, horizon, step);
	}

}
