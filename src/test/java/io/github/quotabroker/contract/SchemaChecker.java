package io.github.quotabroker.contract;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON Schema checker over swagger-parser's {@link Schema} model, enough to hold
 * the API to its contract: {@code $ref}, {@code type}, {@code nullable},
 * {@code required}, {@code properties}, {@code additionalProperties: false},
 * {@code items}, {@code enum}, {@code pattern}, {@code format: date-time}, and
 * {@code oneOf} / {@code anyOf} / {@code allOf}. Anything else in a schema is ignored.
 */
final class SchemaChecker {

	private static final String SCHEMA_REF = "#/components/schemas/";

	private final OpenAPI api;

	SchemaChecker(OpenAPI api) {
		this.api = api;
	}

	/** Every way {@code node} breaks {@code schema}; empty when it conforms. */
	List<String> check(Schema<?> schema, JsonNode node) {
		List<String> violations = new ArrayList<>();
		check(schema, node, "$", violations);
		return violations;
	}

	/** The schema a {@code $ref} names, or the schema itself. */
	Schema<?> resolve(Schema<?> schema) {
		Schema<?> current = schema;
		for (int hops = 0; current != null && current.get$ref() != null; hops++) {
			String ref = current.get$ref();
			if (!ref.startsWith(SCHEMA_REF) || hops > 20) {
				throw new IllegalArgumentException("Cannot resolve " + ref);
			}
			String name = ref.substring(SCHEMA_REF.length());
			current = this.api.getComponents().getSchemas().get(name);
			if (current == null) {
				throw new IllegalArgumentException("No schema named " + name);
			}
		}
		return current;
	}

	private void check(Schema<?> declared, JsonNode node, String path, List<String> out) {
		Schema<?> schema = resolve(declared);
		if (node == null || node.isNull()) {
			if (!Boolean.TRUE.equals(schema.getNullable())) {
				out.add(path + ": is null but the schema does not allow null");
			}
			return;
		}
		if (schema.getAllOf() != null) {
			for (Schema<?> part : schema.getAllOf()) {
				check(part, node, path, out);
			}
		}
		if (schema.getOneOf() != null) {
			List<List<String>> failures = new ArrayList<>();
			int matches = 0;
			for (Schema<?> branch : schema.getOneOf()) {
				List<String> branchOut = new ArrayList<>();
				check(branch, node, path, branchOut);
				if (branchOut.isEmpty()) {
					matches++;
				}
				else {
					failures.add(branchOut);
				}
			}
			if (matches != 1) {
				out.add(path + ": must match exactly one oneOf branch but matches " + matches
						+ ((matches == 0) ? " " + failures : ""));
			}
		}
		if (schema.getAnyOf() != null) {
			List<List<String>> failures = new ArrayList<>();
			for (Schema<?> branch : schema.getAnyOf()) {
				List<String> branchOut = new ArrayList<>();
				check(branch, node, path, branchOut);
				if (branchOut.isEmpty()) {
					failures = null;
					break;
				}
				failures.add(branchOut);
			}
			if (failures != null) {
				out.add(path + ": matches no anyOf branch " + failures);
			}
		}
		String type = schema.getType();
		if (type != null && !hasType(node, type)) {
			out.add(path + ": expected " + type + " but was " + describe(node));
			return;
		}
		if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
			String value = node.isString() ? node.stringValue() : node.toString();
			boolean allowed = schema.getEnum().stream().anyMatch((e) -> String.valueOf(e).equals(value));
			if (!allowed) {
				out.add(path + ": " + value + " is not one of " + schema.getEnum());
			}
		}
		if (node.isString()) {
			checkString(schema, node.stringValue(), path, out);
		}
		if (node.isObject()) {
			checkObject(schema, node, path, out);
		}
		if (node.isArray() && schema.getItems() != null) {
			int i = 0;
			for (JsonNode item : node.values()) {
				check(schema.getItems(), item, path + "[" + i++ + "]", out);
			}
		}
	}

	private void checkString(Schema<?> schema, String value, String path, List<String> out) {
		if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(value).find()) {
			out.add(path + ": '" + value + "' does not match " + schema.getPattern());
		}
		if ("date-time".equals(schema.getFormat())) {
			try {
				OffsetDateTime.parse(value);
			}
			catch (DateTimeParseException ex) {
				out.add(path + ": '" + value + "' is not an RFC 3339 date-time");
			}
		}
	}

	private void checkObject(Schema<?> schema, JsonNode node, String path, List<String> out) {
		Map<String, Schema> properties = schema.getProperties();
		if (schema.getRequired() != null) {
			for (String name : schema.getRequired()) {
				if (!node.has(name)) {
					out.add(path + ": required property '" + name + "' is missing");
				}
			}
		}
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			Schema<?> propertySchema = (properties != null) ? properties.get(property.getKey()) : null;
			if (propertySchema != null) {
				check(propertySchema, property.getValue(), path + "." + property.getKey(), out);
			}
			else if (Boolean.FALSE.equals(schema.getAdditionalProperties())) {
				out.add(path + ": property '" + property.getKey() + "' is not declared (additionalProperties: false)");
			}
			else if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
				check(additional, property.getValue(), path + "." + property.getKey(), out);
			}
		}
	}

	private static boolean hasType(JsonNode node, String type) {
		return switch (type) {
			case "object" -> node.isObject();
			case "array" -> node.isArray();
			case "string" -> node.isString();
			case "integer" -> node.isIntegralNumber();
			case "number" -> node.isNumber();
			case "boolean" -> node.isBoolean();
			default -> throw new IllegalArgumentException("Unknown schema type " + type);
		};
	}

	private static String describe(JsonNode node) {
		String kind = node.isObject() ? "an object"
				: node.isArray() ? "an array" : node.isString() ? "a string" : node.isIntegralNumber() ? "an integer"
						: node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "something else";
		String text = node.toString();
		return kind + " " + ((text.length() > 60) ? text.substring(0, 60) + "..." : text);
	}

}
