package dev.tokenscope.resolve.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GCP snapshot folder (gcloud's service-account list, project and asset IAM policies, a custom
 * role), whatever its bytes, gives an audit result whose problems name what is wrong: {@link
 * GcpSnapshot#read} never throws and never hangs. Seeds: {@code GcpSnapshotFuzzTestInputs/}.
 */
class GcpSnapshotFuzzTest {
  /** Removed by JUnit after the class, so repeated runs leave nothing in the temp folder. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyExportsGiveAResultOrProblems(FuzzedDataProvider data) throws IOException {
    Files.createDirectories(dir.resolve("roles"));
    write(GcpSnapshot.ACCOUNTS, data.consumeString(8_000));
    write(GcpSnapshot.PROJECT_POLICY, data.consumeString(8_000));
    write(GcpSnapshot.ASSETS, data.consumeString(8_000));
    write("roles/custom.json", data.consumeRemainingAsString());
    GcpAuditResult result = GcpSnapshot.read(dir, null, Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(result).isNotNull();
  }

  private static void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
