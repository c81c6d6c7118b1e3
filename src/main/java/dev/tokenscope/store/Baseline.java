package dev.tokenscope.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenscope.Version;
import dev.tokenscope.model.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The credentials a team has accepted for now, for pre-merge checks: a scan with {@code --baseline}
 * reports only what is not in it. Entries are content fingerprints (rule and secret), sorted, with
 * the rule and redacted form for a reviewer; no path or line, so moving a line does not change the
 * file.
 */
public record Baseline(
    @JsonProperty("tool") String tool,
    @JsonProperty("version") String version,
    @JsonProperty("credentials") List<Entry> credentials) {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Baseline {
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
  }

  /** One accepted credential. */
  public record Entry(
      @JsonProperty("fingerprint") String fingerprint,
      @JsonProperty("rule") String rule,
      @JsonProperty("secret") String secret) {}

  /** The baseline of a scan's findings: one entry per credential. */
  public static Baseline of(List<Finding> findings) {
    Map<String, Entry> byFingerprint = new TreeMap<>();
    for (Finding f : findings) {
      byFingerprint.putIfAbsent(
          f.credential().fingerprint(),
          new Entry(
              f.credential().fingerprint(), f.credential().ruleId(), f.credential().redacted()));
    }
    return new Baseline("tokenscope", Version.VALUE, List.copyOf(byFingerprint.values()));
  }

  public Set<String> fingerprints() {
    return credentials.stream().map(Entry::fingerprint).collect(Collectors.toSet());
  }

  /** The findings whose credential is not in the baseline. */
  public List<Finding> unknown(List<Finding> findings) {
    Set<String> known = fingerprints();
    return findings.stream().filter(f -> !known.contains(f.credential().fingerprint())).toList();
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Reads a baseline file; a missing or malformed file is an {@link IOException} naming it and
   * saying what to do.
   */
  public static Baseline read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "baseline "
              + file
              + " does not exist: create it with 'tokenscope baseline create PATH -o "
              + file
              + "'");
    }
    Baseline baseline;
    try {
      baseline = JSON.readValue(file.toFile(), Baseline.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new IOException(
          "baseline "
              + file
              + ":"
              + line
              + ": not a tokenscope baseline ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
    if (baseline == null) {
      throw new IOException(
          "baseline " + file + " is empty: recreate it with 'tokenscope baseline create'");
    }
    for (Entry entry : baseline.credentials()) {
      if (entry == null
          || entry.fingerprint() == null
          || !entry.fingerprint().matches("fp:[0-9a-f]{32}")) {
        throw new IOException(
            "baseline "
                + file
                + ": an entry has no valid fingerprint (expected fp: and 32 hex digits)");
      }
    }
    return baseline;
  }
}
