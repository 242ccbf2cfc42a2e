package io.github.quotabroker.calibration;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CalibrationController {

	private final CalibrationService calibration;

	CalibrationController(CalibrationService calibration) {
		this.calibration = calibration;
	}

	/** 201 when a reading was stored, 200 when none was about the pool's window. */
	@PostMapping(path = "/pools/{poolId}/observations", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CalibrationService.Recorded> record(@PathVariable String poolId, @RequestBody JsonNode body) {
		CalibrationService.Recorded recorded = this.calibration.record(poolId, body);
		return ResponseEntity.status((recorded.recorded() > 0) ? HttpStatus.CREATED : HttpStatus.OK).body(recorded);
	}

	@GetMapping("/pools/{poolId}/calibration")
	Calibration calibration(@PathVariable String poolId) {
		return this.calibration.calibration(poolId);
	}

}
