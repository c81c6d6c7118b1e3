package dev.tokenscope.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs reading work on several daemon threads, so that a scan stopped early never keeps the JVM up.
 */
final class Workers {
  private Workers() {}

  /**
   * Runs {@code task} on {@code threads} threads at once (each copy takes its share of some common
   * work) and returns when all have finished. Every copy is waited for, even after one failed, so
   * no thread is still handing on work when the caller goes on; then the first failure is thrown.
   * On interruption the threads are interrupted and the interruption is thrown.
   */
  static void run(String name, int threads, Runnable task) throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> copies = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        copies.add(pool.submit(task));
      }
      Throwable failure = null;
      for (Future<?> copy : copies) {
        try {
          copy.get();
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
        } catch (InterruptedException e) {
          pool.shutdownNow();
          throw e;
        }
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      } else if (failure instanceof Error error) {
        throw error;
      } else if (failure != null) {
        throw new IllegalStateException(failure);
      }
    } finally {
      pool.shutdown();
    }
  }
}
