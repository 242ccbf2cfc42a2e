package io.github.quotabroker.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a team should learn without polling: a reservation's outcome, a change of a
 * pool's colour, or an anomaly the forecast found in its usage. Published with
 * {@link TeamEvents#publish} and delivered, on commit, to every instance's event streams
 * and long-polls.
 *
 * @param type what happened
 * @param teamId the team it happened to
 * @param poolId the pool concerned
 * @param reservationId the reservation concerned; {@code null} for pool events
 * @param status the reservation's status after the event ({@code HELD}, {@code EXPIRED},
 * ...) or, for {@link TeamEventType#STATUS_CHANGED}, the pool's new colour, or for
 * {@link TeamEventType#ANOMALY} the anomaly's severity
 * @param message what happened, as a plain sentence
 * @param at when it happened, by the service's clock
 */
public record TeamEvent(TeamEventType type, String teamId, String poolId, String reservationId, String status,
		String message, Instant at) {

	public TeamEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(teamId, "teamId");
		Objects.requireNonNull(at, "at");
	}

	/** The same event with another message. */
	TeamEvent withMessage(String message) {
		return new TeamEvent(this.type, this.teamId, this.poolId, this.reservationId, this.status, message, this.at);
	}

}
