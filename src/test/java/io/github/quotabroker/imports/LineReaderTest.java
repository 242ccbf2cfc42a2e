package io.github.quotabroker.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

	static List<String> lines(String text, int max) throws IOException {
		return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
	}

	static List<String> lines(InputStream in, int max) throws IOException {
		LineReader reader = new LineReader(in, max);
		List<String> lines = new ArrayList<>();
		while (reader.next()) {
			lines.add(reader.tooLong() ? "<too long>"
					: new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8));
		}
		return lines;
	}

	@Test
	void splitsOnNewlinesDropsCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
		assertThat(lines("a\r\nbb\n\nccc", 100)).containsExactly("a", "bb", "", "ccc");
		assertThat(lines("", 100)).isEmpty();
		assertThat(lines("a\n", 100)).containsExactly("a");
	}

	@Test
	void aLineOverTheLimitIsReportedAndSkippedToItsEnd() throws IOException {
		assertThat(lines("short\n" + "x".repeat(50) + "\nnext\n", 10)).containsExactly("short", "<too long>", "next");
	}

	@Test
	void linesLongerThanTheReadBufferAreWhole() throws IOException {
		String big = "y".repeat(200_000);
		// one byte per read, then large reads: the line is the same
		InputStream trickle = new ByteArrayInputStream((big + "\nz\n").getBytes(StandardCharsets.UTF_8)) {

			@Override
			public synchronized int read(byte[] b, int off, int len) {
				return super.read(b, off, Math.min(len, 7));
			}

		};
		assertThat(lines(trickle, 1 << 20)).containsExactly(big, "z");
	}

}
