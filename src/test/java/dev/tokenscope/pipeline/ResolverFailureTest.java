package dev.tokenscope.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.source.FileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One resolver that throws costs its credential's grant, never the report. */
class ResolverFailureTest {
  @TempDir Path dir;

  @Test
  void aThrowingResolverBecomesAnUnknownGrantAndAProblemAndTheOthersAreStillReported()
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("app.env"),
            "A=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\n" + "B=glpat-Xy7vQ2mR9kL4nP8sT1wZ\n");
    Resolver throwing =
        new Resolver() {
          @Override
          public String provider() {
            return "github";
          }

          @Override
          public boolean canResolve(Credential credential) {
            return credential.provider().equals("github");
          }

          @Override
          public Grant resolve(Credential credential, ResolveContext context) {
            throw new IllegalStateException("302 from the client library");
          }
        };
    ScanResult result =
        Pipeline.forRules(RuleSet.bundled(), Config.empty(), new Resolvers(List.of(throwing)))
            .run(List.of(new FileSource(List.of(file), 1 << 20)), List.of());

    assertThat(result.findings())
        .extracting(f -> f.credential().provider())
        .contains("github", "gitlab");
    assertThat(result.findings())
        .filteredOn(f -> f.credential().provider().equals("github"))
        .allSatisfy(f -> assertThat(f.grant().status()).isEqualTo(GrantStatus.UNKNOWN));
    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("github resolver failed", "302"));
  }
}
