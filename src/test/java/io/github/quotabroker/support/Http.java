package io.github.quotabroker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP/1.1 client against the application's real port. */
public final class Http {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	private final String authorization;

	/** A client that authenticates with the tests' admin token. */
	public Http(int port) {
		this(port, TestBeans.ADMIN_TOKEN);
	}

	/** A client that sends {@code key} as its bearer key ({@code null}: no key). */
	public Http(int port, String key) {
		this.base = "http://127.0.0.1:" + port;
		this.authorization = (key != null) ? "Bearer " + key : null;
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60));
		return (this.authorization != null) ? builder.header("Authorization", this.authorization) : builder;
	}

	public HttpResponse<String> post(String path, BodyPublisher body) throws IOException, InterruptedException {
		return this.client.send(request(path).header("Content-Type", "application/json").POST(body).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		return post(path, HttpRequest.BodyPublishers.ofString(json));
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		return this.client.send(request(path).header("Content-Type", "application/json").method(method, body).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
