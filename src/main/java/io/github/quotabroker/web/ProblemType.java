package io.github.quotabroker.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Stable problem {@code type} URIs, one per kind of error, documented in openapi.yaml.
 */
public enum ProblemType {

	VALIDATION("validation", HttpStatus.BAD_REQUEST, "Invalid request"),

	MALFORMED_BODY("malformed-body", HttpStatus.BAD_REQUEST, "Malformed request body"),

	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Missing or invalid API key"),

	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

	TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),

	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),

	QUOTA_EXCEEDED("quota-exceeded", HttpStatus.CONFLICT, "Not enough quota"),

	BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),

	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable"),

	INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	private static final String BASE = "https://quota-broker.github.io/problems/";

	private final URI type;

	private final HttpStatus status;

	private final String title;

	ProblemType(String slug, HttpStatus status, String title) {
		this.type = URI.create(BASE + slug);
		this.status = status;
		this.title = title;
	}

	public URI type() {
		return this.type;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

}
