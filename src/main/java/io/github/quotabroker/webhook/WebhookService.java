package io.github.quotabroker.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.audit.AuditEvent;
import io.github.quotabroker.pool.PoolService;
import io.github.quotabroker.team.TeamService;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;
import io.github.quotabroker.web.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, replaces, lists and deletes the webhooks of a team or a pool, and reads their
 * deliveries. Changes are audited; this instance's subscriptions are reloaded on commit.
 */
@Service
class WebhookService {

	static final int MAX_DELIVERIES = 200;

	private final WebhookStore store;

	private final DeliveryStore deliveries;

	private final QueueWatchStore watches;

	private final TeamService teams;

	private final PoolService pools;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	WebhookService(WebhookStore store, DeliveryStore deliveries, QueueWatchStore watches, TeamService teams,
			PoolService pools, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.deliveries = deliveries;
		this.watches = watches;
		this.teams = teams;
		this.pools = pools;
		this.events = events;
		this.clock = clock;
	}

	record Saved(Webhook webhook, boolean created) {
	}

	@Transactional
	Saved put(WebhookOwner owner, String id, WebhookRequest request) {
		Ids.requireResourceId("id", id);
		requireOwner(owner);
		Webhook before = this.store.lock(owner, id).orElse(null);
		WebhookDefinitions.Definition definition = WebhookDefinitions.check(request, before == null);
		Instant now = this.clock.instant();
		Webhook saved = (before == null) ? this.store.insert(owner, id, definition, now) : this.store.update(
				before.key(), definition, (definition.secret() != null) ? definition.secret() : before.secret(), now);
		this.events.publishEvent(new AuditEvent((before == null) ? "CREATE" : "REPLACE", "webhook", saved.path(),
				(before != null) ? WebhookResponse.of(before) : null, WebhookResponse.of(saved)));
		this.events.publishEvent(new WebhooksChanged(saved.path()));
		return new Saved(saved, before == null);
	}

	@Transactional(readOnly = true)
	Webhook get(WebhookOwner owner, String id) {
		requireOwner(owner);
		return this.store.find(owner, id)
			.orElseThrow(() -> new NotFound("No webhook '" + id + "' for " + owner.describe()));
	}

	@Transactional(readOnly = true)
	List<Webhook> list(WebhookOwner owner) {
		requireOwner(owner);
		return this.store.list(owner);
	}

	@Transactional
	void delete(WebhookOwner owner, String id) {
		requireOwner(owner);
		Webhook webhook = this.store.lock(owner, id)
			.orElseThrow(() -> new NotFound("No webhook '" + id + "' for " + owner.describe()));
		this.deliveries.deleteOf(webhook.key());
		this.watches.deleteOf(webhook.key());
		this.store.delete(webhook.key());
		this.events
			.publishEvent(new AuditEvent("DELETE", "webhook", webhook.path(), WebhookResponse.of(webhook), null));
		this.events.publishEvent(new WebhooksChanged(webhook.path()));
	}

	/** The webhook's latest deliveries, newest first. */
	@Transactional(readOnly = true)
	List<Delivery> deliveries(WebhookOwner owner, String id, int limit) {
		if (limit < 1 || limit > MAX_DELIVERIES) {
			throw new InvalidRequest("limit", "must be from 1 to " + MAX_DELIVERIES);
		}
		return this.deliveries.latest(get(owner, id).key(), limit);
	}

	private void requireOwner(WebhookOwner owner) {
		if (owner.teamId() != null) {
			this.teams.get(owner.teamId());
		}
		else {
			this.pools.get(owner.poolId());
		}
	}

}
