package io.github.quotabroker.pool;

import java.util.regex.Pattern;

/**
 * A glob over model names: {@code *} matches any run of characters, {@code ?} one
 * character; matching ignores case ({@code claude-opus-*} matches {@code Claude-Opus-4}).
 */
public record ModelPattern(String glob, Pattern regex) {

	/**
	 * Compiled patterns by glob: pools are read often (every group commit) and change
	 * rarely.
	 */
	private static final java.util.Map<String, ModelPattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

	public static ModelPattern of(String glob) {
		if (COMPILED.size() > 10_000) {
			COMPILED.clear();
		}
		return COMPILED.computeIfAbsent(glob, ModelPattern::compile);
	}

	private static ModelPattern compile(String glob) {
		StringBuilder regex = new StringBuilder();
		StringBuilder literal = new StringBuilder();
		for (char c : glob.toCharArray()) {
			if (c == '*' || c == '?') {
				if (!literal.isEmpty()) {
					regex.append(Pattern.quote(literal.toString()));
					literal.setLength(0);
				}
				regex.append((c == '*') ? ".*" : ".");
			}
			else {
				literal.append(c);
			}
		}
		if (!literal.isEmpty()) {
			regex.append(Pattern.quote(literal.toString()));
		}
		return new ModelPattern(glob, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
	}

	public boolean matches(String model) {
		return this.regex.matcher(model).matches();
	}

}
