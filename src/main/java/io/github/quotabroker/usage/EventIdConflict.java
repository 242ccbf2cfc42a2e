package io.github.quotabroker.usage;

import java.util.List;

import io.github.quotabroker.web.Conflict;
import io.github.quotabroker.web.FieldError;

/**
 * An event id was sent again with different content; nothing of the request was written.
 */
public class EventIdConflict extends Conflict {

	EventIdConflict(List<FieldError> errors) {
		super("An eventId was already used for an event with different content; corrections must be new events. "
				+ "Nothing of this request was recorded.", errors);
	}

}
