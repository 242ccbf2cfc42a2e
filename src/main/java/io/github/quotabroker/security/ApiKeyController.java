package io.github.quotabroker.security;

import java.net.URI;
import java.util.List;

import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

	private final ApiKeyService keys;

	ApiKeyController(ApiKeyService keys) {
		this.keys = keys;
	}

	@PostMapping("/api-keys")
	ResponseEntity<ApiKeyResponse> create(Caller caller, @RequestBody ApiKeyRequest request) {
		ApiKeyService.Issued issued = this.keys.create(caller, request);
		return ResponseEntity.created(URI.create("/api-keys/" + issued.key().id()))
			.body(ApiKeyResponse.of(issued.key(), issued.secret()));
	}

	@GetMapping("/api-keys")
	List<ApiKeyResponse> list(Caller caller) {
		return this.keys.list(caller).stream().map(ApiKeyResponse::of).toList();
	}

	/** Who this key is: its id, role and team, so that a page can show what it may. */
	@GetMapping("/api-keys/current")
	CurrentKey current(Caller caller) {
		return new CurrentKey(caller.keyId(), caller.role(), caller.teamId());
	}

	@DeleteMapping("/api-keys/{keyId}")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String keyId) {
		if (!keyId.matches("key_[A-Za-z0-9]{1,36}")) {
			throw new InvalidRequest("keyId", "is not an API key id (key_...)");
		}
		this.keys.revoke(caller, keyId);
		return ResponseEntity.noContent().build();
	}

}
