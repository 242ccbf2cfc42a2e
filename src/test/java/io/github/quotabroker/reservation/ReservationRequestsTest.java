package io.github.quotabroker.reservation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.queue.Priority;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.InvalidRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parsing and validation of reservation requests into drafts. */
class ReservationRequestsTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final ReservationProperties PROPERTIES = new ReservationProperties(Duration.ofMinutes(30),
			Duration.ofHours(24), Duration.ofSeconds(5), 500, 256, Duration.ofHours(24), 1, Duration.ofSeconds(5),
			Duration.ofSeconds(5));

	static ReservationRequest hold(String amount, String ttl) {
		return new ReservationRequest(null, "team-a", "pool-1", new BigDecimal(amount), null, null, null, ttl, null,
				null);
	}

	static ReservationRequest window(Instant startsAt, Instant endsAt) {
		return new ReservationRequest(null, "team-a", "pool-1", BigDecimal.TEN, null, null, null, null, startsAt,
				endsAt);
	}

	static ReservationRequest queued(Boolean queue, Instant deadline) {
		return new ReservationRequest(null, "team-a", "pool-1", BigDecimal.TEN, Priority.HIGH, null, null, null, null,
				null, queue, deadline, null);
	}

	static ReservationDraft draft(ReservationRequest r, Unit unit) {
		return ReservationRequests.toDraft(r, unit, "key-1", NOW, PROPERTIES);
	}

	static List<FieldError> errors(ReservationRequest r, Unit unit) {
		InvalidRequest ex = catchThrowableOfType(InvalidRequest.class, () -> draft(r, unit));
		assertThat(ex).as("an InvalidRequest").isNotNull();
		return ex.errors();
	}

	static FieldError only(ReservationRequest r) {
		List<FieldError> errors = errors(r, Unit.MESSAGES);
		assertThat(errors).hasSize(1);
		return errors.get(0);
	}

	@Test
	void aHoldWithoutTtlLastsTheDefaultAndHasMediumPriority() {
		ReservationDraft d = draft(hold("5", null), Unit.MESSAGES);

		assertThat(d.kind()).isEqualTo(ReservationKind.HOLD);
		assertThat(d.amount()).isEqualTo(5);
		assertThat(d.startsAt()).isEqualTo(NOW);
		assertThat(d.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
		assertThat(d.priority()).isEqualTo(Priority.MEDIUM);
		assertThat(d.queue()).isFalse();
		assertThat(d.deadline()).isNull();
		assertThat(d.clientNamed()).isFalse();
		assertThat(d.id()).startsWith("res-");
		assertThat(d.createdBy()).isEqualTo("key-1");
	}

	@Test
	void amountsAreConvertedToBaseUnits() {
		assertThat(draft(hold("1.5", null), Unit.COST_USD).amount()).isEqualTo(1_500_000);
		assertThat(only(hold("1.5", null))).isEqualTo(FieldError.of("amount", "must be a whole number of MESSAGES"));
		assertThat(only(hold("0", null))).isEqualTo(FieldError.of("amount", "is required and must be positive"));
		assertThat(errors(hold("0.0000001", null), Unit.COST_USD))
			.containsExactly(FieldError.of("amount", "may have at most 6 decimals"));
	}

	@Test
	void ttlMustBeAWholePositiveIsoDurationWithinTheMaximum() {
		assertThat(draft(hold("1", "PT24H"), Unit.MESSAGES).expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
		String bounds = "must be whole seconds, more than zero and at most PT24H";
		assertThat(only(hold("1", "PT24H1S"))).isEqualTo(FieldError.of("ttl", bounds));
		assertThat(only(hold("1", "PT0S"))).isEqualTo(FieldError.of("ttl", bounds));
		assertThat(only(hold("1", "PT0.5S"))).isEqualTo(FieldError.of("ttl", bounds));
		assertThat(only(hold("1", "30 minutes")))
			.isEqualTo(FieldError.of("ttl", "must be an ISO-8601 duration such as PT30M"));
	}

	@Test
	void aWindowNeedsBothEndsInTheFutureWithinItsLimits() {
		Instant start = NOW.plus(Duration.ofHours(1));
		ReservationDraft d = draft(window(start, start.plus(Duration.ofHours(2))), Unit.MESSAGES);
		assertThat(d.kind()).isEqualTo(ReservationKind.WINDOW);
		assertThat(d.startsAt()).isEqualTo(start);
		assertThat(d.expiresAt()).isEqualTo(start.plus(Duration.ofHours(2)));

		assertThat(only(window(start, null))).isEqualTo(FieldError.of("endsAt", "is required with startsAt"));
		assertThat(only(window(null, start))).isEqualTo(FieldError.of("startsAt", "is required with endsAt"));
		assertThat(only(window(NOW, start)))
			.isEqualTo(FieldError.of("startsAt", "must be in the future (for quota from now on, ask for a hold)"));
		assertThat(only(window(NOW.plus(Duration.ofDays(367)), NOW.plus(Duration.ofDays(368)))))
			.isEqualTo(FieldError.of("startsAt", "must be at most 366 days ahead"));
		assertThat(only(window(start, start))).isEqualTo(FieldError.of("endsAt", "must be after startsAt"));
		assertThat(only(window(start, start.plus(Duration.ofDays(32)))))
			.isEqualTo(FieldError.of("endsAt", "a window may last at most 31 days"));
	}

	@Test
	void aWindowWithATtlIsRefusedAndEveryBrokenRuleIsReportedAtOnce() {
		Instant start = NOW.plus(Duration.ofHours(1));
		ReservationRequest r = new ReservationRequest("bad id!", "team-a", "pool-1", BigDecimal.ZERO, null, null, null,
				"PT1H", start, start.minusSeconds(1), true, null, null);

		assertThat(errors(r, Unit.MESSAGES)).extracting(FieldError::field)
			.containsExactly("id", "amount", "ttl", "endsAt", "queue");
	}

	@Test
	void aQueuedHoldGetsTheLongestWaitAsDefaultDeadlineAndKeepsItsPriority() {
		ReservationDraft d = draft(queued(true, null), Unit.MESSAGES);
		assertThat(d.queue()).isTrue();
		assertThat(d.deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
		assertThat(d.priority()).isEqualTo(Priority.HIGH);

		assertThat(draft(queued(true, NOW.plusSeconds(60)), Unit.MESSAGES).deadline()).isEqualTo(NOW.plusSeconds(60));
		String rule = "must be in the future and at most PT24H from now";
		assertThat(only(queued(true, NOW))).isEqualTo(FieldError.of("deadline", rule));
		assertThat(only(queued(true, NOW.plus(Duration.ofHours(25))))).isEqualTo(FieldError.of("deadline", rule));
		assertThat(only(queued(null, NOW.plusSeconds(60))))
			.isEqualTo(FieldError.of("deadline", "only applies with \"queue\": true"));
	}

	@Test
	void checkIdsNamesTheMissingTeamAndPool() {
		ReservationRequest r = new ReservationRequest(null, null, "-bad", BigDecimal.ONE, null, null, null, null, null,
				null);

		InvalidRequest ex = catchThrowableOfType(InvalidRequest.class, () -> ReservationRequests.checkIds(r));

		assertThat(ex.errors()).extracting(FieldError::field).containsExactly("teamId", "poolId");
		assertThat(ex.errors().get(0).message()).startsWith("is required and must be 1-64 letters");
		ReservationRequests.checkIds(hold("1", null));
	}

}
