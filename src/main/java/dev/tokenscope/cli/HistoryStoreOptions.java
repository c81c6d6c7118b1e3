package dev.tokenscope.cli;

import dev.tokenscope.store.ScanStore;
import picocli.CommandLine.Option;

/** {@code --store}, shared by the commands that read the scan history. */
final class HistoryStoreOptions {
  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "scan history store: jdbc:postgresql://HOST/DB (user and password from TOKENSCOPE_STORE_USER and TOKENSCOPE_STORE_PASSWORD) or jdbc:h2:file:PATH (default: .tokenscope/history.mv.db)")
  String url;

  ScanStore open() {
    return HistoryOptions.openStore(url);
  }
}
