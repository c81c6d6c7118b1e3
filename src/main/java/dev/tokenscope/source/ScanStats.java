package dev.tokenscope.source;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a scan, safe to update from many threads. */
public final class ScanStats {
  public final AtomicLong files = new AtomicLong();
  public final AtomicLong blobs = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  public final AtomicLong skipped = new AtomicLong();
}
