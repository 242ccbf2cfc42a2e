package io.github.archfixtures.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

public class UsesAnInjectedClock {

	private final Clock clock;

	public UsesAnInjectedClock(Clock clock) {
		this.clock = clock;
	}

	Object[] read() {
		return new Object[] { this.clock.instant(), Instant.now(this.clock), LocalDate.now(this.clock) };
	}

}
