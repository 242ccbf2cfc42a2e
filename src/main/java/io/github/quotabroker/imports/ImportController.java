package io.github.quotabroker.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.github.quotabroker.usage.UsageKind;
import io.github.quotabroker.web.Caller;
import io.github.quotabroker.web.Ids;
import io.github.quotabroker.web.InvalidRequest;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /imports/claude-code}: a Claude Code transcript (JSONL, plain or gzip) in,
 * counts out.
 */
@RestController
class ImportController {

	private final ClaudeCodeImporter importer;

	ImportController(ClaudeCodeImporter importer) {
		this.importer = importer;
	}

	@PostMapping(path = "/imports/claude-code", produces = MediaType.APPLICATION_JSON_VALUE)
	ImportAnswer importClaudeCode(Caller caller, @RequestParam(required = false) String teamId,
			@RequestParam(required = false) String memberId, @RequestParam(required = false) String agentId,
			@RequestParam(required = false) String kind,
			@RequestHeader(name = "Content-Type", required = false) String contentType,
			@RequestHeader(name = "Content-Encoding", required = false) String contentEncoding,
			@RequestBody InputStreamResource transcript) throws IOException {
		// An InputStreamResource is the request's own stream: nothing is read ahead.
		InputStream body = transcript.getInputStream();
		if (teamId == null || !Ids.isResourceId(teamId)) {
			throw new InvalidRequest("teamId", "is required; " + Ids.RESOURCE_ID_RULE);
		}
		if (memberId != null && !Ids.isResourceId(memberId)) {
			throw new InvalidRequest("memberId", Ids.RESOURCE_ID_RULE);
		}
		if (agentId != null && !Ids.isClientId(agentId)) {
			throw new InvalidRequest("agentId", "must be 1-200 letters, digits or . _ : @ / + = -");
		}
		UsageKind usageKind = UsageKind.INTERACTIVE;
		if (kind != null) {
			try {
				usageKind = UsageKind.valueOf(kind);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequest("kind", "must be INTERACTIVE or AUTOMATED");
			}
		}
		boolean gzip = (contentEncoding != null && contentEncoding.toLowerCase(Locale.ROOT).contains("gzip"))
				|| (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/gzip"));
		InputStream in = gzip ? new GZIPInputStream(body, 64 * 1024) : body;
		return this.importer.importTranscript(caller,
				new ClaudeCodeImporter.Target(teamId, memberId, agentId, usageKind), in);
	}

}
