package io.github.quotabroker.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without holding more than one line (and a read buffer)
 * in memory. A line longer than the limit is skipped to its end and reported as such.
 */
final class LineReader {

	private final InputStream in;

	private final int maxLine;

	private final byte[] buffer = new byte[64 * 1024];

	private int position;

	private int limit;

	private byte[] line = new byte[8 * 1024];

	private int length;

	private boolean tooLong;

	private boolean ended;

	LineReader(InputStream in, int maxLine) {
		this.in = in;
		this.maxLine = maxLine;
	}

	/**
	 * Reads the next line (without its end of line).
	 * @return whether there was one
	 */
	boolean next() throws IOException {
		this.length = 0;
		this.tooLong = false;
		boolean any = false;
		while (true) {
			if (this.position == this.limit) {
				if (this.ended || !fill()) {
					this.ended = true;
					return any;
				}
			}
			any = true;
			int start = this.position;
			int end = start;
			while (end < this.limit && this.buffer[end] != '\n') {
				end++;
			}
			append(start, end);
			if (end < this.limit) {
				this.position = end + 1;
				if (this.length > 0 && this.line[this.length - 1] == '\r') {
					this.length--;
				}
				return true;
			}
			this.position = this.limit;
		}
	}

	private boolean fill() throws IOException {
		int n = this.in.read(this.buffer);
		if (n <= 0) {
			return false;
		}
		this.position = 0;
		this.limit = n;
		return true;
	}

	private void append(int start, int end) {
		int n = end - start;
		if (this.tooLong || n == 0) {
			return;
		}
		if (this.length + n > this.maxLine) {
			this.tooLong = true;
			this.length = 0;
			return;
		}
		if (this.length + n > this.line.length) {
			this.line = Arrays.copyOf(this.line,
					Math.min(this.maxLine, Math.max(this.length + n, this.line.length * 2)));
		}
		System.arraycopy(this.buffer, start, this.line, this.length, n);
		this.length += n;
	}

	/** The current line's bytes: valid up to {@link #length()} until the next read. */
	byte[] bytes() {
		return this.line;
	}

	int length() {
		return this.length;
	}

	/** Whether the current line was over the limit (its bytes are then empty). */
	boolean tooLong() {
		return this.tooLong;
	}

}
