package dev.tokenscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs are read fully, or what was not read is reported. */
class InputCompletenessTest {
  private static final String LINE = "GITHUB_TOKEN=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\r\n";
  @TempDir Path dir;

  @Test
  void utf16WithAByteOrderMarkIsDecodedAndScanned() throws Exception {
    byte[] text = LINE.getBytes(StandardCharsets.UTF_16LE);
    byte[] bytes = new byte[text.length + 2];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xfe;
    System.arraycopy(text, 0, bytes, 2, text.length);
    Path file = Files.write(dir.resolve("windows.env"), bytes);

    RecordingSink sink = new RecordingSink();
    new FileSource(List.of(file), 1 << 20).read(sink);

    assertThat(sink.skipped).isEmpty();
    assertThat(sink.chunks).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo(LINE));
  }

  @Test
  void utf16WithoutAMarkIsRecognisedByItsAlternatingNuls() throws Exception {
    Path le = Files.write(dir.resolve("le.env"), LINE.getBytes(StandardCharsets.UTF_16LE));
    Path be = Files.write(dir.resolve("be.env"), LINE.getBytes(StandardCharsets.UTF_16BE));

    RecordingSink sink = new RecordingSink();
    new FileSource(List.of(le, be), 1 << 20).read(sink);

    assertThat(sink.chunks).hasSize(2).allSatisfy(c -> assertThat(c.text()).isEqualTo(LINE));
    // Real binary content is still skipped.
    assertThat(FileSource.isBinary(new byte[] {1, 0, 0, 7, 9, 0, 0, 0, 3, 4})).isTrue();
  }

  @Test
  void standardInputLongerThanTheLimitIsReportedAsTruncated() {
    byte[] input = (LINE + "x".repeat(4096)).getBytes(StandardCharsets.UTF_8);
    RecordingSink sink = new RecordingSink();
    new StdinSource(new ByteArrayInputStream(input), 1024).read(sink);

    assertThat(sink.chunks).singleElement().satisfies(c -> assertThat(c.text()).startsWith(LINE));
    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("truncated:"));
  }

  @Test
  void aPipeLongerThanTheLimitIsReportedAsTruncated() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write((LINE + "y".repeat(8192)).getBytes(StandardCharsets.UTF_8));
              } catch (Exception e) {
                // the reader stopped early: that is the point
              }
            });
    writer.start();

    RecordingSink sink = new RecordingSink();
    new FileSource(List.of(fifo), 2048).read(sink);
    writer.join(10_000);

    assertThat(sink.chunks).singleElement().satisfies(c -> assertThat(c.text()).startsWith(LINE));
    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("truncated:"));
  }
}
