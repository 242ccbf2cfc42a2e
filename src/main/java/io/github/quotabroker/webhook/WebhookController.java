package io.github.quotabroker.webhook;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /teams/{teamId}/webhooks} and {@code /pools/{poolId}/webhooks}: the same
 * resource under either owner. Who may call is in the access policy (admins; a team's
 * leads for its team's webhooks).
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@PutMapping("/teams/{teamId}/webhooks/{id}")
	ResponseEntity<WebhookResponse> putForTeam(@PathVariable String teamId, @PathVariable String id,
			@RequestBody WebhookRequest request) {
		return saved(this.webhooks.put(WebhookOwner.team(teamId), id, request));
	}

	@PutMapping("/pools/{poolId}/webhooks/{id}")
	ResponseEntity<WebhookResponse> putForPool(@PathVariable String poolId, @PathVariable String id,
			@RequestBody WebhookRequest request) {
		return saved(this.webhooks.put(WebhookOwner.pool(poolId), id, request));
	}

	@GetMapping("/teams/{teamId}/webhooks")
	List<WebhookResponse> listForTeam(@PathVariable String teamId) {
		return this.webhooks.list(WebhookOwner.team(teamId)).stream().map(WebhookResponse::of).toList();
	}

	@GetMapping("/pools/{poolId}/webhooks")
	List<WebhookResponse> listForPool(@PathVariable String poolId) {
		return this.webhooks.list(WebhookOwner.pool(poolId)).stream().map(WebhookResponse::of).toList();
	}

	@GetMapping("/teams/{teamId}/webhooks/{id}")
	WebhookResponse getForTeam(@PathVariable String teamId, @PathVariable String id) {
		return WebhookResponse.of(this.webhooks.get(WebhookOwner.team(teamId), id));
	}

	@GetMapping("/pools/{poolId}/webhooks/{id}")
	WebhookResponse getForPool(@PathVariable String poolId, @PathVariable String id) {
		return WebhookResponse.of(this.webhooks.get(WebhookOwner.pool(poolId), id));
	}

	@DeleteMapping("/teams/{teamId}/webhooks/{id}")
	ResponseEntity<Void> deleteForTeam(@PathVariable String teamId, @PathVariable String id) {
		this.webhooks.delete(WebhookOwner.team(teamId), id);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/pools/{poolId}/webhooks/{id}")
	ResponseEntity<Void> deleteForPool(@PathVariable String poolId, @PathVariable String id) {
		this.webhooks.delete(WebhookOwner.pool(poolId), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/teams/{teamId}/webhooks/{id}/deliveries")
	List<DeliveryResponse> deliveriesForTeam(@PathVariable String teamId, @PathVariable String id,
			@RequestParam(defaultValue = "50") int limit) {
		return this.webhooks.deliveries(WebhookOwner.team(teamId), id, limit)
			.stream()
			.map(DeliveryResponse::of)
			.toList();
	}

	@GetMapping("/pools/{poolId}/webhooks/{id}/deliveries")
	List<DeliveryResponse> deliveriesForPool(@PathVariable String poolId, @PathVariable String id,
			@RequestParam(defaultValue = "50") int limit) {
		return this.webhooks.deliveries(WebhookOwner.pool(poolId), id, limit)
			.stream()
			.map(DeliveryResponse::of)
			.toList();
	}

	private static ResponseEntity<WebhookResponse> saved(WebhookService.Saved saved) {
		WebhookResponse body = WebhookResponse.of(saved.webhook());
		return saved.created() ? ResponseEntity.created(URI.create(saved.webhook().path())).body(body)
				: ResponseEntity.ok(body);
	}

}
