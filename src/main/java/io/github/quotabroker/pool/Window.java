package io.github.quotabroker.pool;

import java.time.Instant;

/**
 * When a pool's usage stops counting: either a rolling window that forgets each use a
 * fixed time after it happened, or calendar periods that reset at a local time in a
 * timezone.
 */
public sealed interface Window permits RollingWindow, CalendarWindow {

	/** The window in force at {@code at}: which usage counts and when it next resets. */
	WindowBounds boundsAt(Instant at);

}
