package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AWS snapshot folder (a {@code get-account-authorization-details} export, {@code
 * access-keys.json}, a credential report CSV), whatever its bytes, loads into an account whose
 * problems name what is wrong: {@link AccountSnapshot#load} never throws and never hangs. Seeds:
 * {@code AwsSnapshotFuzzTestInputs/}: the JSON file's text, then the CSV's, split by the fuzzer.
 */
class AwsSnapshotFuzzTest {
  /** Removed by JUnit after the class, so repeated runs leave nothing in the temp folder. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyExportsGiveAnAccountOrProblems(FuzzedDataProvider data) throws IOException {
    Files.writeString(
        dir.resolve("authorization-details.json"),
        data.consumeString(20_000),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("access-keys.json"), data.consumeString(4_000), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("credential-report.csv"),
        data.consumeRemainingAsString(),
        StandardCharsets.UTF_8);
    AccountAuthorization account = AccountSnapshot.load(dir);
    assertThat(account).isNotNull();
  }
}
