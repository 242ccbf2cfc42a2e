package io.github.quotabroker.reservation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.quotabroker.events.ReservationWatch;
import io.github.quotabroker.capacity.CapacityForecast;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.InvalidRequest;

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

	private static final Duration MAX_WAIT = Duration.ofSeconds(60);

	private final ReservationService reservations;

	private final ReservationWatch watch;

	private final CapacityProjections projections;

	ReservationController(ReservationService reservations, CapacityProjections projections, ReservationWatch watch) {
		this.projections = projections;
		this.reservations = reservations;
		this.watch = watch;
	}

	@PostMapping(path = "/reservations", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ReservationResponse> create(Caller caller, @RequestBody ReservationRequest request) {
		ReservationService.Created created = this.reservations.create(caller, request);
		ReservationResponse body = created.reservation();
		if (!created.created()) {
			return ResponseEntity.ok(body);
		}
		URI location = URI.create("/reservations/" + body.id());
		// Waiting in the queue: accepted, not yet granted.
		return (body.status() == ReservationStatus.QUEUED) ? ResponseEntity.accepted().location(location).body(body)
				: ResponseEntity.created(location).body(body);
	}

	/**
	 * With {@code waitFor}, a long poll: answers as soon as the reservation reaches one
	 * of those statuses (or any status it can no longer leave), else its state at
	 * {@code timeout}.
	 */
	@GetMapping("/reservations/{reservationId}")
	ReservationResponse get(Caller caller, @PathVariable String reservationId,
			@RequestParam(required = false) List<ReservationStatus> waitFor,
			@RequestParam(required = false) Duration timeout) {
		ReservationResponse now = this.reservations.get(caller, reservationId);
		if (waitFor == null || waitFor.isEmpty()) {
			if (timeout != null) {
				throw new InvalidRequest("timeout", "only applies with waitFor");
			}
			return now;
		}
		Duration wait = (timeout != null) ? timeout : Duration.ofSeconds(30);
		if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
			throw new InvalidRequest("timeout", "must be from PT0S to " + MAX_WAIT);
		}
		Set<ReservationStatus> wanted = EnumSet.copyOf(waitFor);
		return this.watch.await(reservationId,
				(ReservationResponse r) -> wanted.contains(r.status()) || r.status().ended(), wait,
				() -> this.reservations.get(caller, reservationId));
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
		return this.projections.capacity(poolId, from, to, step);
	}

}
