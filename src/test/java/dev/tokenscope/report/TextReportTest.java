package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextReportTest {
  static final String TOKEN = "tsk_q8v2m4k7x1z9c3b6n5h0";

  private static String render(boolean colour, int places) throws Exception {
    List<Location> where = new ArrayList<>();
    for (int i = 0; i < places; i++) {
      where.add(
          new Location(
              "git",
              "f" + i + ".env",
              2,
              7,
              "c" + i + "0123456789abcdef",
              "Ann <ann@example.com>",
              Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
              null));
    }
    Credential credential =
        Credential.found("fixture.token", "fixture", new Secret(TOKEN), Map.of(), where);
    Finding finding =
        Finding.of(
            FindingKind.EXPOSED,
            Severity.HIGH,
            credential,
            null,
            "Plaintext fixture credential.",
            List.of());
    StringWriter out = new StringWriter();
    new TextReport(colour)
        .write(
            new ScanResult(
                List.of(finding), new ScanResult.Stats(0, places, 100, 0, 0.5), List.of()),
            out);
    return out.toString();
  }

  @Test
  void aFindingShowsRuleRedactedSecretFingerprintCommitAuthorAndDate() throws Exception {
    String text = render(false, 1);
    assertThat(text)
        .contains("HIGH  EXPOSED  fixture.token (fixture)")
        .contains("secret       tsk_q8…(24 chars)")
        .containsPattern("fingerprint  fp:[0-9a-f]{32}")
        .contains(
            "found at     f0.env:2 @ c00123456789 by Ann <ann@example.com> on 2024-01-01T00:00:00Z")
        .contains("1 finding; 0 files, 1 blobs")
        .doesNotContain(TOKEN)
        .doesNotContain("\u001b[");
  }

  @Test
  void colourIsUsedOnlyWhenAsked() throws Exception {
    assertThat(render(true, 1)).contains("\u001b[31mHIGH\u001b[0m");
  }

  @Test
  void aLongListOfPlacesIsCutWithACount() throws Exception {
    String text = render(false, 13);
    assertThat(text).contains("f9.env").doesNotContain("f10.env").contains("… and 3 more places");
  }
}
