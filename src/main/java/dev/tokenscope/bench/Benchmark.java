package dev.tokenscope.bench;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the full scan pipeline (all given rules, no allow-list, no resolution) over one source a few
 * times and keeps the fastest run, with the heap's peak use across the runs. Warm-up runs come
 * first and are not counted: until the JIT has compiled the hot loops, a run is slower by half.
 */
public final class Benchmark {
  /**
   * What one measured source gave: bytes and items read, findings, best time, the process's CPU
   * time in that run (all threads, GC and JIT included), peak heap.
   */
  public record Measurement(
      long bytes,
      long items,
      int findings,
      int problems,
      double seconds,
      double cpuSeconds,
      long peakHeapBytes) {
    public double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }

    /**
     * Throughput per second of one core's work: unlike wall-clock time, hardly changed by other
     * processes on a shared machine, so runs on a busy machine stay comparable.
     */
    public double megabytesPerCpuSecond() {
      return bytes / 1e6 / cpuSeconds;
    }
  }

  private final Pipeline pipeline;

  public Benchmark(RuleSet rules) {
    this.pipeline = Pipeline.forRules(rules, Config.empty(), null);
  }

  public Measurement measure(Source source, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      pipeline.run(List.of(source), List.of());
    }
    resetPeaks();
    Measurement best = null;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      ScanResult result = pipeline.run(List.of(source), List.of());
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      if (best == null || seconds < best.seconds()) {
        best =
            new Measurement(
                result.stats().bytes(),
                result.stats().files() + result.stats().blobs(),
                result.findings().size(),
                result.problems().size(),
                seconds,
                cpuSeconds,
                0);
      }
    }
    return new Measurement(
        best.bytes(),
        best.items(),
        best.findings(),
        best.problems(),
        best.seconds(),
        best.cpuSeconds(),
        peakHeap());
  }

  /**
   * The source alone, its chunks dropped undetected: how much of the time reading takes (the rest
   * of {@link #measure} is detection).
   */
  public Measurement measureReading(Source source, int runs) {
    // Reading needs little JIT warm-up: the runs themselves are enough.
    resetPeaks();
    Measurement best = null;
    for (int i = 0; i < runs; i++) {
      ScanStats stats = new ScanStats();
      AtomicInteger problems = new AtomicInteger();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      source.read(
          new SourceSink() {
            @Override
            public void chunk(Chunk chunk) {}

            @Override
            public void credential(Credential credential) {}

            @Override
            public void skipped(String where, String why) {}

            @Override
            public void problem(String where, String message) {
              problems.incrementAndGet();
            }

            @Override
            public ScanStats stats() {
              return stats;
            }
          });
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      if (best == null || seconds < best.seconds()) {
        best =
            new Measurement(
                stats.bytes.get(),
                stats.files.get() + stats.blobs.get(),
                0,
                problems.get(),
                seconds,
                cpuSeconds,
                0);
      }
    }
    return new Measurement(
        best.bytes(),
        best.items(),
        0,
        best.problems(),
        best.seconds(),
        best.cpuSeconds(),
        peakHeap());
  }

  /** CPU time of the whole process so far, in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
