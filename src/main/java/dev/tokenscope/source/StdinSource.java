package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.io.InputStream;

/** Standard input, read whole, as one chunk at path "-". */
public final class StdinSource implements Source {
  private final InputStream in;

  public StdinSource(InputStream in) {
    this.in = in;
  }

  @Override
  public String describe() {
    return "standard input";
  }

  @Override
  public void read(SourceSink sink) {
    try {
      byte[] bytes = in.readAllBytes();
      sink.stats().files.incrementAndGet();
      sink.stats().bytes.addAndGet(bytes.length);
      sink.chunk(
          Chunk.of(
              FileSource.decode(bytes), new Location("stdin", "-", 0, 0, null, null, null, null)));
    } catch (IOException e) {
      sink.problem("-", "cannot read standard input: " + e.getMessage());
    }
  }
}
