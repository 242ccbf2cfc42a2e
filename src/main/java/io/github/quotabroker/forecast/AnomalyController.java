package io.github.quotabroker.forecast;

import java.time.Instant;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AnomalyController {

	private final AnomalyService anomalies;

	AnomalyController(AnomalyService anomalies) {
		this.anomalies = anomalies;
	}

	@GetMapping("/teams/{teamId}/anomalies")
	TeamAnomalies anomalies(@PathVariable String teamId, @RequestParam(required = false) String pool,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		return this.anomalies.forTeam(teamId, pool, from, to);
	}

}
