package io.github.quotabroker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client on the application's real port: opens the stream, reads
 * messages on a thread of its own, and lets a test take them one by one.
 */
public final class SseClient implements AutoCloseable {

	/** One message: an event ({@code name}, {@code id}, {@code data}) or a comment. */
	public record Message(String id, String name, String data, String comment) {

		public boolean isComment() {
			return this.comment != null;
		}

	}

	/** Marks the end of the stream in the queue. */
	private static final Message END = new Message(null, null, null, null);

	private final HttpResponse<Stream<String>> response;

	private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

	private final String errorBody;

	private volatile boolean ended;

	private SseClient(HttpResponse<Stream<String>> response) {
		this.response = response;
		if (response.statusCode() != 200) {
			this.errorBody = response.body().collect(Collectors.joining("\n"));
			this.ended = true;
			return;
		}
		this.errorBody = null;
		Thread reader = new Thread(this::read, "sse-client");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Opens {@code path} with {@code key} as bearer key ({@code null}: none); returns
	 * once the response headers arrived.
	 */
	public static SseClient open(int port, String key, String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "text/event-stream")
			.GET();
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
	}

	public int status() {
		return this.response.statusCode();
	}

	public String contentType() {
		return this.response.headers().firstValue("Content-Type").orElse(null);
	}

	/** The body of a response that is not a stream (an error). */
	public String errorBody() {
		return this.errorBody;
	}

	/** The next message, or {@code null} when none came within {@code timeout}. */
	public Message next(Duration timeout) throws InterruptedException {
		Message message = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (message == END) {
			this.messages.add(END);
			return null;
		}
		return message;
	}

	/** The next event (comments skipped), or {@code null} when none came in time. */
	public Message nextEvent(Duration timeout) throws InterruptedException {
		return next(timeout, (m) -> !m.isComment());
	}

	/**
	 * The next message that matches, skipping others, or {@code null} when none came in
	 * time.
	 */
	public Message next(Duration timeout, Predicate<Message> matching) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			Message message = next(Duration.ofNanos(left));
			if (message == null) {
				return null;
			}
			if (matching.test(message)) {
				return message;
			}
		}
	}

	/**
	 * Events up to and including the first whose data contains {@code marker}; fails when
	 * it does not come within {@code timeout}.
	 */
	public List<Message> eventsUntil(String marker, Duration timeout) throws InterruptedException {
		List<Message> events = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Message event = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (event == null) {
				throw new AssertionError("No event containing '" + marker + "' within " + timeout + "; got " + events);
			}
			events.add(event);
			if (event.data().contains(marker)) {
				return events;
			}
		}
	}

	/** Whether the server ended the stream, waiting up to {@code timeout}. */
	public boolean awaitEnd(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.ended && System.nanoTime() < deadline) {
			Message message = this.messages.poll(50, TimeUnit.MILLISECONDS);
			if (message == END) {
				this.messages.add(END);
			}
		}
		return this.ended;
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	private void read() {
		String id = null;
		String name = null;
		StringBuilder data = null;
		try {
			Iterator<String> lines = this.response.body().iterator();
			while (lines.hasNext()) {
				String line = lines.next();
				if (line.isEmpty()) {
					if (data != null) {
						this.messages.add(new Message(id, name, data.toString(), null));
					}
					id = null;
					name = null;
					data = null;
				}
				else if (line.startsWith(":")) {
					this.messages.add(new Message(null, null, null, line.substring(1).strip()));
				}
				else {
					int colon = line.indexOf(':');
					String field = (colon < 0) ? line : line.substring(0, colon);
					String value = (colon < 0) ? "" : line.substring(colon + 1);
					if (value.startsWith(" ")) {
						value = value.substring(1);
					}
					switch (field) {
						case "id" -> id = value;
						case "event" -> name = value;
						case "data" ->
							data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
						default -> {
						}
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// closed by the test, or by the server
		}
		finally {
			this.ended = true;
			this.messages.add(END);
		}
	}

}
