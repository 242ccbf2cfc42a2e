package io.github.quotabroker.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver for webhook deliveries on 127.0.0.1 and an ephemeral port: it
 * records every request and answers as the test scripts it (status, delay, or anything a
 * function does), 200 when nothing is scripted.
 */
final class Receiver implements AutoCloseable {

	/** A request as received. */
	record Received(String path, Map<String, List<String>> headers, String body) {

		String header(String name) {
			for (Map.Entry<String, List<String>> e : this.headers.entrySet()) {
				if (e.getKey().equalsIgnoreCase(name)) {
					return e.getValue().get(0);
				}
			}
			return null;
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Function<Received, Integer>> script = new ConcurrentLinkedQueue<>();

	Receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** The next request is answered by {@code answer} (its status). */
	Receiver then(Function<Received, Integer> answer) {
		this.script.add(answer);
		return this;
	}

	Receiver thenStatus(int status) {
		return then((r) -> status);
	}

	/** The next request is answered 200 only after {@code millis}. */
	Receiver thenSlow(long millis) {
		return then((r) -> {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 200;
		});
	}

	List<Received> received() {
		return new ArrayList<>(this.received);
	}

	void clear() {
		this.received.clear();
		this.script.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Received r = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
		this.received.add(r);
		Function<Received, Integer> answer = this.script.poll();
		int status = (answer != null) ? answer.apply(r) : 200;
		try {
			exchange.sendResponseHeaders(status, -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.flush();
			}
		}
		catch (IOException ex) {
			// The sender gave up waiting (a timeout test): nothing to answer.
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
