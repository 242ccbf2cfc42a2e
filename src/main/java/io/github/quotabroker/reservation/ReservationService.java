package io.github.quotabroker.reservation;

import java.time.Instant;
import java.util.List;

import io.github.quotabroker.web.Caller;

import org.springframework.stereotype.Service;

/**
 * The reservation capability's public face for one reservation's life: creating it
 * ({@link ReservationCreation}), reading it ({@link ReservationReads}), and ending it by
 * commit, release or cancel ({@link ReservationEndings}, {@link ReservationReleases}).
 * Usage recorded against it draws it down ({@link UsageDrawdowns}); expiry is the
 * {@link ExpirySweeper}'s.
 */
@Service
public class ReservationService {

	private final ReservationCreation creation;

	private final ReservationReads reads;

	private final ReservationEndings endings;

	private final ReservationReleases releases;

	ReservationService(ReservationCreation creation, ReservationReads reads, ReservationEndings endings,
			ReservationReleases releases) {
		this.creation = creation;
		this.reads = reads;
		this.endings = endings;
		this.releases = releases;
	}

	/** A reservation as answered, and whether this request created it. */
	public record Created(ReservationResponse reservation, boolean created) {
	}

	/**
	 * Grants a hold or a window reservation, or refuses it with {@link QuotaExceeded}
	 * saying what would fit. A retry with the id of an earlier request answers that
	 * request's reservation.
	 */
	public Created create(Caller caller, ReservationRequest request) {
		return this.creation.create(caller, request);
	}

	/**
	 * Checks a hold request without deciding it: the draft
	 * {@link ConditionalHolds#holdIf} would hold.
	 */
	public ReservationDraft draftHold(Caller caller, ReservationRequest request) {
		return this.creation.draftHold(caller, request);
	}

	/**
	 * Checks a request for a hold or a window as of {@code now} without deciding it: the
	 * draft {@link ConditionalHolds#holdIf} would book, under the lock whose instant
	 * {@code now} is.
	 */
	public ReservationDraft draft(Caller caller, ReservationRequest request, Instant now) {
		return this.creation.draft(caller, request, now);
	}

	public ReservationResponse get(Caller caller, String id) {
		return this.reads.get(caller, id);
	}

	/**
	 * A team's reservations whose interval reaches into {@code [from, to)}, with the
	 * given statuses (as of now), oldest start first.
	 */
	public List<ReservationResponse> ofTeam(String teamId, List<ReservationStatus> statuses, Instant from, Instant to,
			int limit) {
		return this.reads.ofTeam(teamId, statuses, from, to, limit);
	}

	/**
	 * Ends a hold with what the work used in all: the part not yet recorded by usage
	 * events is recorded now, anything beyond the held amount is reported as overrun, and
	 * the rest goes back to the pool.
	 */
	public ReservationResponse commit(Caller caller, String id, CommitRequest request) {
		return this.endings.commit(caller, id, request);
	}

	/**
	 * Gives back what a hold has not used; usage already recorded against it stays.
	 * Releasing a released hold answers it again.
	 */
	public ReservationResponse release(Caller caller, String id) {
		return this.releases.release(caller, id);
	}

	/**
	 * Calls off a scheduled reservation before its window begins, or a queued request
	 * before it is granted.
	 */
	public ReservationResponse cancel(Caller caller, String id) {
		return this.endings.cancel(caller, id);
	}

}
