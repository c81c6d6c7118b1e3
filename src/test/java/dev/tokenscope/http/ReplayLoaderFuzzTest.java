package dev.tokenscope.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded {@code exchanges.yaml}, whatever its bytes, starts a replay server or fails with an
 * {@link IOException} naming the file: never another exception or a hang. Seeds: {@code
 * ReplayLoaderFuzzTestInputs/}.
 */
class ReplayLoaderFuzzTest {
  /** Removed by JUnit after the class, so repeated runs leave nothing in the temp folder. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "2m")
  void anyBytesGiveAServerOrAClearError(byte[] input) throws Exception {
    Files.write(dir.resolve("exchanges.yaml"), input);
    try (ReplayServer server = ReplayServer.fromDirectory(dir)) {
      assertThat(server).isNotNull();
    } catch (IOException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
