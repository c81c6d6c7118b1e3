package dev.tokenscope.source;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Thread pools for reading: daemon threads, so that a scan stopped early never keeps the JVM up.
 */
final class Workers {
  private Workers() {}

  static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
