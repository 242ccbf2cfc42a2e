package io.github.quotabroker.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, sent as
 * {@value #HEADER}{@code : t=<unix seconds>,v1=<hex>} where {@code v1} is HMAC-SHA256,
 * keyed with the webhook's secret, of {@code "<t>.<body>"}. A receiver recomputes it over
 * the raw body and refuses a signature whose {@code t} is further than
 * {@link #REPLAY_WINDOW} from its own clock, so a captured delivery cannot be replayed
 * later. Every attempt is signed afresh; the body and the event id stay the same.
 */
public final class Signature {

	/** The header that carries the signature. */
	public static final String HEADER = "X-Quota-Signature";

	/** How far a receiver should accept {@code t} from its own clock. */
	public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

	private Signature() {
	}

	/** The header value for a body sent at {@code at}. */
	public static String header(String secret, Instant at, String body) {
		long t = at.getEpochSecond();
		return "t=" + t + ",v1=" + hmac(secret, t + "." + body);
	}

	/**
	 * Whether {@code header} signs {@code body} with {@code secret} and was made within
	 * the replay window of {@code now}: what a receiver checks.
	 */
	public static boolean verify(String secret, String header, String body, Instant now) {
		Long t = null;
		String v1 = null;
		for (String part : header.split(",")) {
			String[] kv = part.trim().split("=", 2);
			if (kv.length != 2) {
				return false;
			}
			if (kv[0].equals("t")) {
				try {
					t = Long.parseLong(kv[1]);
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
			else if (kv[0].equals("v1")) {
				v1 = kv[1];
			}
		}
		if (t == null || v1 == null
				|| Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(REPLAY_WINDOW) > 0) {
			return false;
		}
		return MessageDigest.isEqual(hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII),
				v1.getBytes(StandardCharsets.US_ASCII));
	}

	static String hmac(String secret, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
