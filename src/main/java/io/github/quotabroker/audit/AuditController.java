package io.github.quotabroker.audit;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	/** Admins only (see the security capability's access table). */
	@GetMapping("/audit")
	List<AuditEntry> entries(@RequestParam(required = false) String resourceType,
			@RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
		return this.audit.entries(resourceType, before, limit);
	}

}
