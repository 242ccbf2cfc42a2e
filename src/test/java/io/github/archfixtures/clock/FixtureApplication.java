package io.github.archfixtures.clock;

import java.time.Clock;

public class FixtureApplication {

	Clock clock() {
		return Clock.systemUTC();
	}

}
