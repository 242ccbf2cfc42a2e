package io.github.quotabroker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes key secrets: {@code qb_} and 256 random bits in URL-safe Base64. A
 * plain SHA-256 suffices because the secrets are random, not chosen by people.
 */
final class KeySecrets {

	static final String PREFIX = "qb_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private KeySecrets() {
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String newId() {
		byte[] bytes = new byte[9];
		RANDOM.nextBytes(bytes);
		return "key_"
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y');
	}

	static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Compares in time independent of where the inputs differ. */
	static boolean sameHash(byte[] a, byte[] b) {
		return MessageDigest.isEqual(a, b);
	}

}
