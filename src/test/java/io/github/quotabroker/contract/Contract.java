package io.github.quotabroker.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The hand-written {@code openapi.yaml} at the top of the project, read with
 * swagger-parser, with the look-ups a conformance test needs. Component references of
 * responses, parameters, request bodies and examples are followed here; schema references
 * by {@link SchemaChecker}.
 */
final class Contract {

	static final Path LOCATION = Path.of("openapi.yaml");

	/** One operation of the contract: {@code GET /pools/{poolId}}. */
	record Route(String method, String path) implements Comparable<Route> {

		@Override
		public int compareTo(Route other) {
			return toString().compareTo(other.toString());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/** An operation of the contract with the path template it belongs to. */
	record Found(Route route, PathItem pathItem, Operation operation) {
	}

	private final OpenAPI api;

	private final List<String> parseMessages;

	private final SchemaChecker checker;

	private Contract(OpenAPI api, List<String> parseMessages) {
		this.api = api;
		this.parseMessages = parseMessages;
		this.checker = new SchemaChecker(api);
	}

	static Contract load() {
		if (!Files.isRegularFile(LOCATION)) {
			throw new IllegalStateException("No " + LOCATION.toAbsolutePath());
		}
		ParseOptions options = new ParseOptions();
		options.setResolve(false);
		SwaggerParseResult result = new OpenAPIV3Parser().readLocation(LOCATION.toString(), null, options);
		if (result.getOpenAPI() == null) {
			throw new IllegalStateException("openapi.yaml could not be read: " + result.getMessages());
		}
		List<String> messages = (result.getMessages() != null) ? result.getMessages() : List.of();
		return new Contract(result.getOpenAPI(), messages);
	}

	OpenAPI api() {
		return this.api;
	}

	SchemaChecker checker() {
		return this.checker;
	}

	/** What swagger-parser found wrong with the document (empty when valid). */
	List<String> parseMessages() {
		return this.parseMessages;
	}

	/** Every (method, path template) of the contract. */
	TreeSet<Route> routes() {
		TreeSet<Route> routes = new TreeSet<>();
		this.api.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> routes.add(new Route(method.name(), path))));
		return routes;
	}

	Map<Route, Operation> operations() {
		Map<Route, Operation> operations = new LinkedHashMap<>();
		this.api.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, op) -> operations.put(new Route(method.name(), path), op)));
		return operations;
	}

	/** The operation a concrete request (method and URI path) is answered by, if any. */
	Found find(String method, String requestPath) {
		for (Map.Entry<String, PathItem> entry : this.api.getPaths().entrySet()) {
			if (templateRegex(entry.getKey()).matcher(requestPath).matches()) {
				Operation op = entry.getValue()
					.readOperationsMap()
					.get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
				if (op != null) {
					return new Found(new Route(method.toUpperCase(Locale.ROOT), entry.getKey()), entry.getValue(), op);
				}
			}
		}
		return null;
	}

	private static Pattern templateRegex(String template) {
		StringBuilder regex = new StringBuilder();
		for (String part : template.split("(?=\\{)|(?<=\\})")) {
			regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/** Path-level and operation-level parameters, references followed. */
	List<Parameter> parameters(PathItem item, Operation op) {
		List<Parameter> all = new ArrayList<>();
		if (item.getParameters() != null) {
			item.getParameters().forEach((p) -> all.add(parameter(p)));
		}
		if (op.getParameters() != null) {
			op.getParameters().forEach((p) -> all.add(parameter(p)));
		}
		return all;
	}

	Parameter parameter(Parameter p) {
		return (p.get$ref() != null) ? this.api.getComponents().getParameters().get(refName(p.get$ref())) : p;
	}

	ApiResponse response(ApiResponse r) {
		return (r.get$ref() != null) ? this.api.getComponents().getResponses().get(refName(r.get$ref())) : r;
	}

	RequestBody requestBody(RequestBody b) {
		if (b == null) {
			return null;
		}
		return (b.get$ref() != null) ? this.api.getComponents().getRequestBodies().get(refName(b.get$ref())) : b;
	}

	Example example(Example e) {
		return (e.get$ref() != null) ? this.api.getComponents().getExamples().get(refName(e.get$ref())) : e;
	}

	private static String refName(String ref) {
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

}
