package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Standard input, read whole up to the size limit, as one chunk at path "-". Input longer than the
 * limit is scanned up to it and reported as truncated, never cut silently.
 */
public final class StdinSource implements Source {
  private final InputStream in;
  private final long maxBytes;

  public StdinSource(InputStream in) {
    this(in, FileSource.DEFAULT_MAX_BYTES);
  }

  public StdinSource(InputStream in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  @Override
  public String describe() {
    return "standard input";
  }

  @Override
  public void read(SourceSink sink) {
    try {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes));
      if (in.read() >= 0) {
        sink.problem(
            "-",
            "truncated: standard input is longer than the --max-file-size limit of "
                + FileSource.megabytes(maxBytes)
                + "; only the first "
                + FileSource.megabytes(bytes.length)
                + " were scanned (raise --max-file-size to scan all of it)");
      }
      sink.stats().files.incrementAndGet();
      sink.stats().bytes.addAndGet(bytes.length);
      sink.chunk(
          new Chunk(
              FileSource.decodeText(bytes),
              List.of(new Location("stdin", "-", 0, 0, null, null, null, null)),
              null));
    } catch (IOException e) {
      sink.problem("-", "cannot read standard input: " + e.getMessage());
    }
  }
}
