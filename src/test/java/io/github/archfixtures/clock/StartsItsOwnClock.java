package io.github.archfixtures.clock;

import java.time.Clock;

public class StartsItsOwnClock {

	private final Clock clock = Clock.systemUTC();

	Clock clock() {
		return this.clock;
	}

}
