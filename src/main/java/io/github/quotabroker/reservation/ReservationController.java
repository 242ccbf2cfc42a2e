package io.github.quotabroker.reservation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.web.Caller;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ReservationController {

	private final ReservationService reservations;

	ReservationController(ReservationService reservations) {
		this.reservations = reservations;
	}

	@PostMapping(path = "/reservations", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ReservationResponse> create(Caller caller, @RequestBody ReservationRequest request) {
		ReservationService.Created created = this.reservations.create(caller, request);
		ReservationResponse body = created.reservation();
		return created.created() ? ResponseEntity.created(URI.create("/reservations/" + body.id())).body(body)
				: ResponseEntity.ok(body);
	}

	@GetMapping("/reservations/{reservationId}")
	ReservationResponse get(Caller caller, @PathVariable String reservationId) {
		return this.reservations.get(caller, reservationId);
	}

	@PostMapping(path = "/reservations/{reservationId}/commit", consumes = MediaType.APPLICATION_JSON_VALUE)
	ReservationResponse commit(Caller caller, @PathVariable String reservationId, @RequestBody CommitRequest request) {
		return this.reservations.commit(caller, reservationId, request);
	}

	@PostMapping("/reservations/{reservationId}/release")
	ReservationResponse release(Caller caller, @PathVariable String reservationId) {
		return this.reservations.release(caller, reservationId);
	}

	@DeleteMapping("/reservations/{reservationId}")
	ReservationResponse cancel(Caller caller, @PathVariable String reservationId) {
		return this.reservations.cancel(caller, reservationId);
	}

	@GetMapping("/teams/{teamId}/reservations")
	List<ReservationResponse> ofTeam(@PathVariable String teamId,
			@RequestParam(required = false) List<ReservationStatus> status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "100") int limit) {
		return this.reservations.ofTeam(teamId, status, from, to, limit);
	}

	@GetMapping("/pools/{poolId}/capacity")
	CapacityForecast capacity(@PathVariable String poolId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(required = false) Duration step) {
		return this.reservations.capacity(poolId, from, to, step);
	}

}
