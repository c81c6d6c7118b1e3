package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintKeyTest {
  @TempDir Path dir;

  @Test
  void aPerInstallationKeyIsCreatedOnceReadableOnlyByItsOwner() throws Exception {
    Path file = dir.resolve("tokenscope/fingerprint.key");
    FingerprintKey first = FingerprintKey.fromFile(file);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(first.value()).matches("[0-9a-f]{64}");
    assertThat(FingerprintKey.fromFile(file)).isEqualTo(first);
    // Another installation gets another key, so its fingerprints cannot be compared with ours.
    assertThat(FingerprintKey.fromFile(dir.resolve("other/fingerprint.key")).value())
        .isNotEqualTo(first.value());
  }

  @Test
  void theKeyIdNamesTheKeyWithoutRevealingIt() {
    FingerprintKey key = new FingerprintKey("team-key-0123456789abcdef", "test");
    assertThat(key.id()).matches("key:[0-9a-f]{12}").doesNotContain("team-key");
    assertThat(key.toString()).doesNotContain("team-key");
    assertThat(new FingerprintKey("another-team-key-0123", "test").id()).isNotEqualTo(key.id());
  }

  @Test
  void theKnownDefaultOfEarlierVersionsIsNotTheKeyOfAnInstallation() throws Exception {
    FingerprintKey key = FingerprintKey.fromFile(dir.resolve("k/fingerprint.key"));
    String password = "Winter2026!ab";
    assertThat(Fingerprint.of(key.value(), "generic.password-assignment", password))
        .isNotEqualTo(
            Fingerprint.of("tokenscope-fingerprint-v1", "generic.password-assignment", password));
  }

  @Test
  void passwordRulesShowTheLengthOnly() {
    Credential password =
        Credential.found(
            "generic.password-assignment",
            "generic",
            new Secret("correct-horse-battery-staple"),
            Map.of(),
            java.util.List.of());
    assertThat(password.redacted()).isEqualTo("…(28 chars)");
    Credential token =
        Credential.found(
            "github.personal-access-token",
            "github",
            new Secret("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"),
            Map.of(),
            java.util.List.of());
    assertThat(token.redacted()).startsWith("ghp_").endsWith("(40 chars)");
  }
}
