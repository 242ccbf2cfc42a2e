package io.github.quotabroker.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Callers;
import io.github.quotabroker.web.InvalidRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The append-only audit log. Records every {@link AuditEvent} in the transaction that
 * published it, so a change and its audit row commit or roll back together.
 */
@Service
public class AuditLog {

	static final int MAX_LIMIT = 1000;

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, JsonMapper jsonMapper, Clock clock) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	@EventListener
	void record(AuditEvent event) {
		Caller caller = Callers.current();
		this.jdbc.sql("""
				insert into audit_log (at, actor_key_id, actor_role, action, resource_type, resource_id,
				    before_state, after_state)
				values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))
				""")
			.params(this.clock.instant().atOffset(ZoneOffset.UTC), (caller != null) ? caller.keyId() : "system",
					(caller != null) ? caller.role().name() : "SYSTEM", event.action(), event.resourceType(),
					event.resourceId(), json(event.before()), json(event.after()))
			.update();
	}

	/**
	 * Newest first, optionally of one resource type and before an entry id (for paging).
	 */
	public List<AuditEntry> entries(String resourceType, Long beforeId, int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequest("limit", "must be from 1 to " + MAX_LIMIT);
		}
		return this.jdbc.sql("""
				select id, at, actor_key_id, actor_role, action, resource_type, resource_id,
				       before_state::text as before_state, after_state::text as after_state
				from audit_log
				where (cast(:type as varchar) is null or resource_type = :type)
				  and (cast(:before as bigint) is null or id < :before)
				order by id desc limit :limit
				""")
			.param("type", resourceType)
			.param("before", beforeId)
			.param("limit", limit)
			.query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
					rs.getString("actor_key_id"), rs.getString("actor_role"), rs.getString("action"),
					rs.getString("resource_type"), rs.getString("resource_id"), node(rs.getString("before_state")),
					node(rs.getString("after_state"))))
			.list();
	}

	private String json(Object value) {
		return (value != null) ? this.jsonMapper.writeValueAsString(value) : null;
	}

	private JsonNode node(String json) {
		return (json != null) ? this.jsonMapper.readTree(json) : null;
	}

}
