package io.github.quotabroker.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.quotabroker.audit.AuditEvent;
import io.github.quotabroker.team.Allocation;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.FieldError;
import io.github.quotabroker.web.Forbidden;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.NotFound;
import io.github.quotabroker.web.Role;
import io.github.quotabroker.web.Unauthorized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and checks API keys. */
@Service
public class ApiKeyService {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

	static final String ADMIN_TOKEN_KEY_ID = "admin-token";

	private final ApiKeyRepository keys;

	private final TeamService teams;

	private final SecurityProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final byte[] adminTokenHash;

	ApiKeyService(ApiKeyRepository keys, TeamService teams, SecurityProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.keys = keys;
		this.teams = teams;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.adminTokenHash = properties.adminToken().isBlank() ? null : KeySecrets.hash(properties.adminToken());
	}

	/** A new key and its secret, which is never shown again. */
	public record Issued(ApiKey key, String secret) {
	}

	@Transactional
	public Issued create(Caller caller, ApiKeyRequest request) {
		List<FieldError> errors = new ArrayList<>();
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			errors.add(FieldError.of("name", "is required, at most 200 characters"));
		}
		if (request.role() == null) {
			errors.add(FieldError.of("role", "is required: ADMIN, TEAM_LEAD or AGENT"));
		}
		else if (request.role() == Role.ADMIN && request.teamId() != null) {
			errors.add(FieldError.of("teamId", "an ADMIN key acts for every team; leave teamId out"));
		}
		else if (request.role() != Role.ADMIN && !Ids.isResourceId(request.teamId())) {
			errors.add(FieldError.of("teamId", "is required for TEAM_LEAD and AGENT keys"));
		}
		Instant now = this.clock.instant();
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			errors.add(FieldError.of("expiresAt", "must be in the future"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		if (!caller.isAdmin() && (request.role() != Role.AGENT || !caller.actsFor(request.teamId()))) {
			throw new Forbidden("A TEAM_LEAD key may only create AGENT keys for its own team");
		}
		if (request.teamId() != null && !this.teams.unknown(List.of(request.teamId())).isEmpty()) {
			throw new InvalidRequest("teamId", "team '" + request.teamId() + "' does not exist");
		}
		String secret = KeySecrets.newSecret();
		ApiKey key = new ApiKey(KeySecrets.newId(), request.name().strip(), request.role(), request.teamId(), now,
				caller.keyId(), request.expiresAt(), null, null);
		this.keys.insert(key, KeySecrets.hash(secret));
		this.events.publishEvent(new AuditEvent("CREATE", "api-key", key.id(), null, ApiKeyResponse.of(key)));
		return new Issued(key, secret);
	}

	/** Admins see every key; team leads their own team's. */
	public List<ApiKey> list(Caller caller) {
		return this.keys.findAll(caller.isAdmin() ? null : caller.teamId());
	}

	@Transactional
	public ApiKey revoke(Caller caller, String keyId) {
		ApiKey key = this.keys.findById(keyId)
			.orElseThrow(() -> new NotFound("API key '" + keyId + "' does not exist"));
		// Like every other resource of another team: 403, not 404 (issue #3).
		caller.requireTeam(key.teamId());
		if (!caller.isAdmin() && key.role() != Role.AGENT) {
			throw new Forbidden("A TEAM_LEAD key may only revoke AGENT keys of its own team");
		}
		this.keys.revoke(keyId, this.clock.instant());
		ApiKey revoked = this.keys.findById(keyId).orElseThrow();
		this.events.publishEvent(
				new AuditEvent("REVOKE", "api-key", keyId, ApiKeyResponse.of(key), ApiKeyResponse.of(revoked)));
		return revoked;
	}

	/**
	 * The caller a bearer secret stands for. Every call reads the key, so a revocation is
	 * effective at once on every instance.
	 * @throws Unauthorized when the secret is unknown, expired or revoked
	 */
	public Caller authenticate(String secret) {
		byte[] hash = KeySecrets.hash(secret);
		if (this.adminTokenHash != null && KeySecrets.sameHash(hash, this.adminTokenHash)) {
			return new Caller(ADMIN_TOKEN_KEY_ID, Role.ADMIN, null, Set::of);
		}
		Instant now = this.clock.instant();
		ApiKeyRepository.Stored stored = this.keys.findBySecretHash(hash)
			.filter((s) -> KeySecrets.sameHash(s.secretHash(), hash))
			.orElseThrow(() -> new Unauthorized("The API key is not valid"));
		ApiKey key = stored.key();
		if (key.revokedAt() != null) {
			throw new Unauthorized("The API key was revoked");
		}
		if (!key.activeAt(now)) {
			throw new Unauthorized("The API key has expired");
		}
		this.keys.touch(key.id(), now, this.properties.lastUsedResolution());
		return new Caller(key.id(), key.role(), key.teamId(), memoized(() -> allocatedPools(key.teamId())));
	}

	private Set<String> allocatedPools(String teamId) {
		return (teamId == null) ? Set.of()
				: this.teams.allocationsOfTeam(teamId).stream().map(Allocation::poolId).collect(Collectors.toSet());
	}

	private static <T> Supplier<T> memoized(Supplier<T> supplier) {
		return new Supplier<>() {

			private T value;

			@Override
			public synchronized T get() {
				if (this.value == null) {
					this.value = supplier.get();
				}
				return this.value;
			}

		};
	}

	/**
	 * With no admin token configured and no usable admin key, makes one and logs its
	 * secret once, so a fresh installation can be administered.
	 */
	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void bootstrap() {
		if (this.adminTokenHash != null || !this.properties.bootstrapAdmin()) {
			return;
		}
		this.keys.lockBootstrap();
		Instant now = this.clock.instant();
		if (this.keys.activeAdmins(now) > 0) {
			return;
		}
		String secret = KeySecrets.newSecret();
		ApiKey key = new ApiKey(KeySecrets.newId(), "bootstrap admin", Role.ADMIN, null, now, "bootstrap", null, null,
				null);
		this.keys.insert(key, KeySecrets.hash(secret));
		log.warn("""

				==================================================================================
				No admin API key existed, so one was created. It is shown only this once:

				    {}

				Use it as 'Authorization: Bearer <key>'. Create named keys with POST /api-keys
				and revoke this one (DELETE /api-keys/{}), or set QUOTA_ADMIN_TOKEN instead.
				==================================================================================""", secret,
				key.id());
	}

}
