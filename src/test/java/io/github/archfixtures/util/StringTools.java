package io.github.archfixtures.util;

public final class StringTools {

	private StringTools() {
	}

	public static boolean isBlank(String s) {
		return s == null || s.isBlank();
	}

}
