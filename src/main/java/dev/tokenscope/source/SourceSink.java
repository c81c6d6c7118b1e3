package dev.tokenscope.source;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;

/** Where sources put what they read. Every method may be called from many threads at once. */
public interface SourceSink {

  /** Content to run the detectors over. */
  void chunk(Chunk chunk);

  /** A credential that needs no detection (listed by a provider account). */
  void credential(Credential credential);

  /** An input passed over on purpose (binary, too large, ignored): counted, with a reason. */
  void skipped(String where, String why);

  /** An input that could not be read: reported to the user and reflected in the exit code. */
  void problem(String where, String message);

  ScanStats stats();
}
