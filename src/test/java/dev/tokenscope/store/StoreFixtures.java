package dev.tokenscope.store;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.model.Severity;
import java.util.List;
import java.util.Map;

/** Findings as the pipeline makes them, with fake but well-formed GitHub tokens. */
final class StoreFixtures {
  private StoreFixtures() {}

  /** A fake classic GitHub token: ghp_ and 36 base62 characters derived from n. */
  static String token(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder("ghp_");
    long x = 0x9E3779B97F4A7C15L * (n + 1);
    for (int i = 0; i < 36; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      out.append(alphabet.charAt((int) Math.floorMod(x, (long) alphabet.length())));
    }
    return out.toString();
  }

  static Finding exposed(String token, Location... where) {
    Credential credential =
        Credential.found(
            "github.classic-pat", "github", new Secret(token), Map.of(), List.of(where));
    return Finding.of(
        FindingKind.EXPOSED,
        Severity.HIGH,
        credential,
        null,
        "Plaintext github credential",
        List.of());
  }

  static Location at(String path, int line) {
    return Location.file(path).at(line, 1);
  }
}
