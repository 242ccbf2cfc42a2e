package io.github.quotabroker.team;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A person (or agent owner) in a team, with the hours they usually work in their own
 * zone. Working hours may cross midnight ({@code 22:00-06:00}); both ends are
 * {@code null} when unknown.
 */
public record Member(String id, ZoneId zone, LocalTime workingStart, LocalTime workingEnd) {
}
