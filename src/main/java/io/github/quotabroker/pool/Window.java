package io.github.quotabroker.pool;

import java.time.Instant;
import java.util.function.Function;

/**
 * When a pool's usage stops counting: either a rolling window that forgets each use a
 * fixed time after it happened, or calendar periods that reset at a local time in a
 * timezone.
 *
 * <p>
 * Callers ask the window rather than test its kind: each kind answers the questions below
 * in its own way.
 */
public sealed interface Window permits RollingWindow, CalendarWindow {

	/** The window in force at {@code at}: which usage counts and when it next resets. */
	WindowBounds boundsAt(Instant at);

	/**
	 * Whether usage stops counting minute by minute (so its minute buckets matter),
	 * rather than all at once at a reset.
	 */
	boolean slides();

	/** When usage recorded at {@code usedAt} stops counting. */
	Instant freedAt(Instant usedAt);

	/**
	 * When the window in force at {@code at} next moves: the next minute for a sliding
	 * window, the next reset for a calendar one.
	 */
	Instant nextChange(Instant at);

	/** How people call the window: "5-hour", "3-day", "weekly". */
	String label();

	/**
	 * One of the two functions applied to this window, by kind: for code that writes a
	 * window out (rows, JSON) and so needs each kind's own fields.
	 */
	<T> T fold(Function<RollingWindow, T> rolling, Function<CalendarWindow, T> calendar);

}
