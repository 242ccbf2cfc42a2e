package io.github.archfixtures.clock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

public class ReadsTheSystemTime {

	Object[] read() {
		return new Object[] { Instant.now(), LocalDateTime.now(), ZonedDateTime.now(), OffsetDateTime.now(),
				LocalDate.now(), System.currentTimeMillis() };
	}

}
