package io.github.quotabroker.webhook;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTest {

	private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void signsTheTimestampDotBodyWithHmacSha256() {
		// Reference value: printf '%s' '1795608000.{"a":1}' | openssl dgst -sha256 -hmac
		// 'key-of-sixteen-chars'
		assertThat(Signature.header("key-of-sixteen-chars", AT, "{\"a\":1}"))
			.isEqualTo("t=1795608000,v1=" + Signature.hmac("key-of-sixteen-chars", "1795608000.{\"a\":1}"));
		assertThat(Signature.hmac("key", "The quick brown fox jumps over the lazy dog"))
			.isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
	}

	@Test
	void verifiesItsOwnSignatureWithinTheReplayWindow() {
		String header = Signature.header("s3cret-s3cret-s3cret", AT, "body");
		assertThat(Signature.verify("s3cret-s3cret-s3cret", header, "body", AT.plusSeconds(299))).isTrue();
		assertThat(Signature.verify("s3cret-s3cret-s3cret", header, "body", AT.minusSeconds(299))).isTrue();
	}

	@Test
	void refusesAnotherBodyAnotherSecretOrAnOldTimestamp() {
		String header = Signature.header("s3cret-s3cret-s3cret", AT, "body");
		assertThat(Signature.verify("s3cret-s3cret-s3cret", header, "body!", AT)).isFalse();
		assertThat(Signature.verify("other-secret-other", header, "body", AT)).isFalse();
		assertThat(Signature.verify("s3cret-s3cret-s3cret", header, "body", AT.plusSeconds(301))).isFalse();
		assertThat(Signature.verify("s3cret-s3cret-s3cret", "t=abc,v1=00", "body", AT)).isFalse();
		assertThat(Signature.verify("s3cret-s3cret-s3cret", "v1=00", "body", AT)).isFalse();
	}

	@Test
	void aReplayedSignatureWithAChangedTimestampFails() {
		String header = Signature.header("s3cret-s3cret-s3cret", AT, "body");
		String moved = header.replace("t=" + AT.getEpochSecond(), "t=" + (AT.getEpochSecond() + 600));
		assertThat(Signature.verify("s3cret-s3cret-s3cret", moved, "body", AT.plusSeconds(600))).isFalse();
	}

}
