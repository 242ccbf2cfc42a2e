package io.github.quotabroker.events;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes {@link TeamEvent}s to every instance of the service through PostgreSQL
 * {@code NOTIFY} on the channel {@value #CHANNEL}. Called inside a transaction, the event
 * is delivered only when it commits, and never for work that is rolled back; called
 * outside one, at once. Each instance's listener hands delivered events to its event
 * streams and long-polls.
 */
@Service
public class TeamEvents {

	static final String CHANNEL = "quota_team_events";

	/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (default build). */
	static final int MAX_PAYLOAD_BYTES = 7999;

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	private final ApplicationEventPublisher applicationEvents;

	/**
	 * One counter per type, registered once: looking one up per event costs each release.
	 */
	private final Map<TeamEventType, Counter> published = new EnumMap<>(TeamEventType.class);

	TeamEvents(JdbcClient jdbc, JsonMapper jsonMapper, MeterRegistry registry,
			ApplicationEventPublisher applicationEvents) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.applicationEvents = applicationEvents;
		for (TeamEventType type : TeamEventType.values()) {
			this.published.put(type,
					Counter.builder("quota.events.published")
						.description("Team events published (counted on commit), by type")
						.tag("type", type.name())
						.register(registry));
		}
	}

	/**
	 * Sends the event to every instance: on commit of the current transaction, if there
	 * is one. A message too long for a notification is shortened.
	 */
	public void publish(TeamEvent event) {
		this.jdbc.sql("select pg_notify(?, ?)")
			.param(CHANNEL)
			.param(payload(event))
			.query((RowCallbackHandler) (rs) -> {
			});
		countOnCommit(List.of(event));
		this.applicationEvents.publishEvent(new TeamEventsPublished(List.of(event)));
	}

	/**
	 * As {@link #publish} for several events, in one statement (decisions, releases and
	 * sweeps announce many at once).
	 */
	public void publishAll(List<TeamEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		if (events.size() == 1) {
			publish(events.get(0));
			return;
		}
		String[] payloads = events.stream().map(this::payload).toArray(String[]::new);
		this.jdbc.sql("select pg_notify(?, p) from unnest(?::text[]) with ordinality as t(p, n) order by n")
			.param(CHANNEL)
			.param(payloads)
			.query((RowCallbackHandler) (rs) -> {
			});
		List<TeamEvent> published = List.copyOf(events);
		countOnCommit(published);
		this.applicationEvents.publishEvent(new TeamEventsPublished(published));
	}

	/**
	 * Counts published events once their transaction commits (at once without one): one
	 * synchronization per call, since every hold released is announced.
	 */
	private void countOnCommit(List<TeamEvent> events) {
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					count(events);
				}

			});
		}
		else {
			count(events);
		}
	}

	private void count(List<TeamEvent> events) {
		for (TeamEvent event : events) {
			this.published.get(event.type()).increment();
		}
	}

	/** The event's JSON, written once: its message is cut only when it does not fit. */
	private String payload(TeamEvent event) {
		String json = json(event);
		// No UTF-16 unit takes more than 3 bytes in UTF-8, so most payloads need no
		// count.
		if (json.length() * 3 <= MAX_PAYLOAD_BYTES
				|| json.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES) {
			return json;
		}
		return json(fitted(event));
	}

	/** The event, its message cut so that its JSON fits in one notification. */
	TeamEvent fitted(TeamEvent event) {
		if (fits(event)) {
			return event;
		}
		String message = (event.message() != null) ? event.message() : "";
		if (!fits(event.withMessage(cut(message, 0)))) {
			throw new IllegalArgumentException("A team event is too large to publish even without its message");
		}
		// The longest prefix that fits; JSON escaping makes bytes per character vary.
		int low = 0;
		int high = message.length();
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (fits(event.withMessage(cut(message, mid)))) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return event.withMessage(cut(message, low));
	}

	/** The first {@code length} characters, not splitting a code point, and "…". */
	private static String cut(String message, int length) {
		int keep = length;
		if (keep > 0 && Character.isHighSurrogate(message.charAt(keep - 1))) {
			keep--;
		}
		return message.substring(0, keep) + "…";
	}

	private boolean fits(TeamEvent event) {
		return json(event).getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
	}

	private String json(TeamEvent event) {
		return this.jsonMapper.writeValueAsString(event);
	}

}
