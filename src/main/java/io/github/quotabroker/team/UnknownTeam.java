package io.github.quotabroker.team;

import java.util.List;

import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.NotFound;

/** No team has this id. */
public class UnknownTeam extends NotFound {

	public UnknownTeam(String teamId) {
		super("Team '" + teamId + "' does not exist");
	}

	public UnknownTeam(String detail, List<FieldError> errors) {
		super(detail, errors);
	}

}
