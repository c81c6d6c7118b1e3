package dev.tokenscope.store;

import java.util.List;

/**
 * What changed between a target's latest scan and the complete scan before it: credentials that
 * appeared (what a scheduled scan alerts on) and credentials that are gone (rotated or removed).
 * {@code previous} is null for a target's first scan, when everything is new. Credentials are
 * compared by content fingerprint, so a secret that moved to another line or file is neither.
 */
public record ScanDiff(
    ScanRecord current,
    ScanRecord previous,
    List<StoredFinding> appeared,
    List<StoredFinding> gone) {

  public ScanDiff {
    appeared = List.copyOf(appeared);
    gone = List.copyOf(gone);
  }

  /** Gone credentials are only known when the latest scan read every input. */
  public boolean goneKnown() {
    return current.complete();
  }
}
