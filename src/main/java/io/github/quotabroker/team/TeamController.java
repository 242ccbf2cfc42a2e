package io.github.quotabroker.team;

import java.net.URI;
import java.util.List;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.web.Caller;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

// Declared so that an unacceptable Accept header is refused before any work is done.
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class TeamController {

	private final TeamService teams;

	TeamController(TeamService teams) {
		this.teams = teams;
	}

	@PutMapping("/teams/{teamId}")
	ResponseEntity<TeamResponse> put(Caller caller, @PathVariable String teamId, @RequestBody TeamRequest request) {
		TeamService.Saved<Team> saved = this.teams.put(caller, teamId, request);
		TeamResponse body = TeamResponse.of(saved.value());
		return saved.created() ? ResponseEntity.created(URI.create("/teams/" + teamId)).body(body)
				: ResponseEntity.ok(body);
	}

	@GetMapping("/teams")
	List<TeamResponse> list(Caller caller) {
		return this.teams.all().stream().filter((t) -> caller.actsFor(t.id())).map(TeamResponse::of).toList();
	}

	@GetMapping("/teams/{teamId}")
	TeamResponse get(@PathVariable String teamId) {
		return TeamResponse.of(this.teams.get(teamId));
	}

	@PutMapping("/pools/{poolId}/allocations/{teamId}")
	ResponseEntity<AllocationResponse> allocate(@PathVariable String poolId, @PathVariable String teamId,
			@RequestBody(required = false) AllocationRequest request) {
		TeamService.Saved<Allocation> saved = this.teams.allocate(poolId, teamId, request);
		AllocationResponse body = AllocationResponse.of(saved.value(), this.teams.unitOf(poolId));
		return saved.created()
				? ResponseEntity.created(URI.create("/pools/" + poolId + "/allocations/" + teamId)).body(body)
				: ResponseEntity.ok(body);
	}

	@GetMapping("/pools/{poolId}/allocations")
	List<AllocationResponse> allocations(Caller caller, @PathVariable String poolId) {
		Unit unit = this.teams.unitOf(poolId);
		return this.teams.allocationsOfPool(poolId)
			.stream()
			.filter((a) -> caller.actsFor(a.teamId()))
			.map((a) -> AllocationResponse.of(a, unit))
			.toList();
	}

	@DeleteMapping("/pools/{poolId}/allocations/{teamId}")
	ResponseEntity<Void> deallocate(@PathVariable String poolId, @PathVariable String teamId) {
		this.teams.deallocate(poolId, teamId);
		return ResponseEntity.noContent().build();
	}

}
