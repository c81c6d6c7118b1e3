package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
import dev.tokenscope.http.HttpSettings;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.source.ScanStats;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsAccountSourceTest {
  private final ResolveContext context =
      new ResolveContext(Config.empty(), Clock.systemUTC(), HttpSettings.fast());

  /** Collects what a source yields. */
  static final class Collected implements SourceSink {
    final List<Credential> credentials = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final ScanStats stats = new ScanStats();

    @Override
    public void chunk(Chunk chunk) {
      throw new AssertionError("an account source yields credentials, not chunks");
    }

    @Override
    public void credential(Credential credential) {
      credentials.add(credential);
    }

    @Override
    public void skipped(String where, String why) {}

    @Override
    public void problem(String where, String message) {
      problems.add(message);
    }

    @Override
    public ScanStats stats() {
      return stats;
    }
  }

  @Test
  void everyAccessKeyOfTheAccountBecomesASecretlessCredential() {
    AwsResolver resolver =
        new AwsResolver(
            new AwsSettings(null, null, AwsSnapshotResolutionTest.fixture("aws/snapshot"), null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems).isEmpty();
    assertThat(sink.credentials)
        .hasSize(7)
        .allSatisfy(
            c -> {
              assertThat(c.secret()).isNull();
              assertThat(c.provider()).isEqualTo("aws");
              assertThat(c.locations())
                  .singleElement()
                  .satisfies(l -> assertThat(l.source()).isEqualTo("provider-account"));
              assertThat(c.fingerprint())
                  .isEqualTo(Fingerprint.of("aws.access-key-id", c.attribute("id")));
            });
    assertThat(sink.credentials)
        .extracting(c -> c.attribute("id"))
        .contains("AKIAQYLPMN5HGRACEGG2", "AKIAQYLPMN5HFRANKFF2");
    assertThat(sink.credentials)
        .allSatisfy(
            c ->
                assertThat(resolver.resolve(c, context).status())
                    .isIn(GrantStatus.ACTIVE, GrantStatus.REVOKED));
  }

  @Test
  void malformedSnapshotFileIsNamedAndTheOtherKeysStillResolve(@TempDir Path dir)
      throws IOException {
    Path source = AwsSnapshotResolutionTest.fixture("aws/snapshot");
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(
        dir.resolve("more-keys.json"), "{\"AccessKeyMetadata\": [ {\"UserName\": \"zed\", \n");
    AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, dir, null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p).contains("more-keys.json", "not valid JSON", "docs/aws.md"));
    assertThat(sink.credentials).hasSize(7);
    var grant = resolver.resolve(AwsSnapshotResolutionTest.keyId("AKIAQYLPMN5HBOBBBBB2"), context);
    assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(grant.evidence())
        .anyMatch(e -> e.startsWith("account data problem:") && e.contains("more-keys.json"));
  }

  @Test
  void oneMalformedKeyEntryCostsOnlyThatKey(@TempDir Path dir) throws IOException {
    Path source = AwsSnapshotResolutionTest.fixture("aws/snapshot");
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path keys = dir.resolve("access-keys.json");
    Files.writeString(
        keys,
        Files.readString(keys)
            .replace(
                "\"CreateDate\": \"2024-01-10T08:00:00+00:00\"",
                "\"CreateDate\": \"last Tuesday\""));
    AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, dir, null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p).contains("access-keys.json", "AKIAQYLPMN5HALICEAA2", "last Tuesday"));
    assertThat(sink.credentials).hasSize(6);
  }

  @Test
  void snapshotFolderWithoutAuthorizationDetailsSaysWhatToExport(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("keys.json"), "{\"AccessKeyMetadata\": []}");
    AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, dir, null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems)
        .singleElement()
        .satisfies(p -> assertThat(p).contains("get-account-authorization-details", "docs/aws.md"));
  }

  @Test
  void malformedCredentialReportRowsAreNamedByLineAndTheRestLoads(@TempDir Path dir)
      throws IOException {
    Path source = AwsSnapshotResolutionTest.fixture("aws/snapshot");
    for (String name : List.of("authorization-details.json", "access-keys.json")) {
      Files.copy(source.resolve(name), dir.resolve(name));
    }
    List<String> report =
        new ArrayList<>(Files.readAllLines(source.resolve("credential-report.csv")));
    report.add("mallory,arn:aws:iam::111122223333:user/mallory,2023-01-01T00:00:00+00:00");
    Files.write(dir.resolve("credential-report.csv"), report);
    Files.writeString(dir.resolve("other.csv"), "name,value\nx,1\n");
    AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, dir, null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems)
        .hasSize(2)
        .anySatisfy(
            p -> assertThat(p).contains("credential-report.csv:5", "expected 22 columns, found 3"))
        .anySatisfy(p -> assertThat(p).contains("other.csv:1", "not an IAM credential report"));
    var alice = resolver.resolve(AwsSnapshotResolutionTest.keyId("AKIAQYLPMN5HALICEAA2"), context);
    assertThat(alice.lastUsed()).isEqualTo(java.time.Instant.parse("2026-11-24T16:30:00Z"));
  }

  @Test
  void unrecognisedJsonAndBrokenPolicyAreReportedNotSkipped(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("weird.json"), "{\"Something\": 1}");
    Files.writeString(
        dir.resolve("details.json"),
        "{\"UserDetailList\": [{\"UserName\": \"u\", \"Arn\": \"arn:aws:iam::111122223333:user/u\", \"UserPolicyList\": [{\"PolicyName\": \"bad\", \"PolicyDocument\": {\"Statement\": [{\"Effect\": \"Perhaps\", \"Action\": \"*\"}]}}]}]}");
    AwsResolver resolver = new AwsResolver(new AwsSettings(null, null, dir, null));
    Collected sink = new Collected();

    new AwsAccountSource(resolver, context).read(sink);

    assertThat(sink.problems)
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("weird.json", "not an export tokenscope knows"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("details.json", "inline policy bad", "Effect must be Allow or Deny"));
  }
}
