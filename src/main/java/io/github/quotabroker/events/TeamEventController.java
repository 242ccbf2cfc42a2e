package io.github.quotabroker.events;

import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.web.Ids;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class TeamEventController {

	private final TeamService teams;

	private final TeamEventStreams streams;

	TeamEventController(TeamService teams, TeamEventStreams streams) {
		this.teams = teams;
		this.streams = streams;
	}

	@GetMapping(path = "/teams/{teamId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String teamId) {
		this.teams.get(Ids.requireResourceId("teamId", teamId));
		return this.streams.open(teamId);
	}

}
