package dev.tokenscope.source;

/**
 * A place credentials are read from: files, a git history, a secret store, a provider account. A
 * source hands content to the {@link SourceSink} as chunks (or, for a provider account, credentials
 * directly) and reports what it skipped and what it could not read; it never stops the whole scan
 * because one input failed.
 */
public interface Source {

  /**
   * A short description for progress and error messages ("files under src/", "git history of .").
   */
  String describe();

  void read(SourceSink sink);
}
