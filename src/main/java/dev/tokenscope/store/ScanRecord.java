package dev.tokenscope.store;

import java.time.Instant;

/**
 * One recorded scan of one target (a folder, a repository URL): when it ran, with which version, in
 * which shard, how many credentials it saw, and whether it read every input ({@code complete} is
 * false when some input failed, so what it did not see is not reported as gone).
 */
public record ScanRecord(
    long id,
    String target,
    Instant startedAt,
    Instant finishedAt,
    String toolVersion,
    String shard,
    int findingCount,
    boolean complete) {}
