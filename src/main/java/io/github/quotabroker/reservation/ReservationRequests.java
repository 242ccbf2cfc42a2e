package io.github.quotabroker.reservation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.quotabroker.queue.Priority;

import io.github.quotabroker.pool.Unit;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

/**
 * Checks a {@link ReservationRequest} and turns it into a {@link ReservationDraft},
 * reporting every broken rule at once.
 */
final class ReservationRequests {

	/** How far ahead a window may be reserved, and how long it may last. */
	static final Duration MAX_AHEAD = Duration.ofDays(366);

	static final Duration MAX_WINDOW = Duration.ofDays(31);

	private ReservationRequests() {
	}

	/** The fields that need no pool: checked before the pool is looked up. */
	static void checkIds(ReservationRequest r) {
		List<FieldError> errors = new ArrayList<>();
		if (r.teamId() == null || !Ids.isResourceId(r.teamId())) {
			errors.add(FieldError.of("teamId", "is required and " + Ids.RESOURCE_ID_RULE));
		}
		if (r.poolId() == null || !Ids.isResourceId(r.poolId())) {
			errors.add(FieldError.of("poolId", "is required and " + Ids.RESOURCE_ID_RULE));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
	}

	static ReservationDraft toDraft(ReservationRequest r, Unit unit, String createdBy, Instant now,
			ReservationProperties properties) {
		List<FieldError> errors = new ArrayList<>();
		if (r.id() != null && !Ids.isResourceId(r.id())) {
			errors.add(FieldError.of("id", Ids.RESOURCE_ID_RULE));
		}
		if (r.memberId() != null && !Ids.isResourceId(r.memberId())) {
			errors.add(FieldError.of("memberId", Ids.RESOURCE_ID_RULE));
		}
		if (r.description() != null && r.description().length() > 500) {
			errors.add(FieldError.of("description", "must be at most 500 characters"));
		}
		long amount = Amounts.toBase("amount", r.amount(), unit, false, errors);
		Instant startsAt;
		Instant expiresAt;
		ReservationKind kind;
		if (r.startsAt() != null || r.endsAt() != null) {
			kind = ReservationKind.WINDOW;
			startsAt = r.startsAt();
			expiresAt = r.endsAt();
			window(r, now, errors);
		}
		else {
			kind = ReservationKind.HOLD;
			Duration ttl = ttl(r.ttl(), properties, errors);
			startsAt = now;
			expiresAt = now.plus(ttl);
		}
		boolean queue = Boolean.TRUE.equals(r.queue());
		Instant deadline = null;
		if (queue) {
			if (kind == ReservationKind.WINDOW) {
				errors.add(FieldError.of("queue", "only a hold can wait in the queue, not a window reservation"));
			}
			deadline = (r.deadline() != null) ? r.deadline() : now.plus(properties.maxQueueWait());
			if (!deadline.isAfter(now) || deadline.isAfter(now.plus(properties.maxQueueWait()))) {
				errors.add(FieldError.of("deadline",
						"must be in the future and at most " + properties.maxQueueWait() + " from now"));
			}
		}
		else if (r.deadline() != null) {
			errors.add(FieldError.of("deadline", "only applies with \"queue\": true"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		Priority priority = (r.priority() != null) ? r.priority() : Priority.MEDIUM;
		boolean named = r.id() != null;
		String id = named ? r.id() : "res-" + UUID.randomUUID();
		String description = (r.description() != null) ? r.description().strip() : null;
		String when = (kind == ReservationKind.HOLD) ? "ttl=" + Duration.between(startsAt, expiresAt)
				: startsAt + "/" + expiresAt;
		byte[] hash = hash(String.join("\u0001", r.teamId(), r.poolId(), Long.toString(amount), priority.name(),
				String.valueOf(r.memberId()), String.valueOf(description), kind.name(), when, queue ? "queue" : "",
				String.valueOf(r.deadline()), String.valueOf(r.preemptible())));
		return new ReservationDraft(id, named, r.teamId(), r.poolId(), r.memberId(), description, priority, kind,
				amount, startsAt, expiresAt, hash, createdBy, queue, r.preemptible(), deadline);
	}

	private static void window(ReservationRequest r, Instant now, List<FieldError> errors) {
		if (r.ttl() != null) {
			errors.add(FieldError.of("ttl", "a window reservation has startsAt and endsAt, not a ttl"));
		}
		if (r.startsAt() == null) {
			errors.add(FieldError.of("startsAt", "is required with endsAt"));
			return;
		}
		if (r.endsAt() == null) {
			errors.add(FieldError.of("endsAt", "is required with startsAt"));
			return;
		}
		if (!r.startsAt().isAfter(now)) {
			errors.add(FieldError.of("startsAt", "must be in the future (for quota from now on, ask for a hold)"));
		}
		else if (r.startsAt().isAfter(now.plus(MAX_AHEAD))) {
			errors.add(FieldError.of("startsAt", "must be at most " + MAX_AHEAD.toDays() + " days ahead"));
		}
		if (!r.endsAt().isAfter(r.startsAt())) {
			errors.add(FieldError.of("endsAt", "must be after startsAt"));
		}
		else if (Duration.between(r.startsAt(), r.endsAt()).compareTo(MAX_WINDOW) > 0) {
			errors.add(FieldError.of("endsAt", "a window may last at most " + MAX_WINDOW.toDays() + " days"));
		}
	}

	private static Duration ttl(String text, ReservationProperties properties, List<FieldError> errors) {
		if (text == null) {
			return properties.defaultTtl();
		}
		try {
			Duration ttl = Duration.parse(text);
			if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(properties.maxTtl()) > 0 || ttl.toNanosPart() != 0) {
				errors.add(FieldError.of("ttl",
						"must be whole seconds, more than zero and at most " + properties.maxTtl()));
				return properties.defaultTtl();
			}
			return ttl;
		}
		catch (DateTimeParseException ex) {
			errors.add(FieldError.of("ttl", "must be an ISO-8601 duration such as PT30M"));
			return properties.defaultTtl();
		}
	}

	static byte[] hash(String canonical) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
