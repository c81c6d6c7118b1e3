package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.store.StoreUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled scans and pre-merge checks, through the CLI as users run it. */
class ScanHistoryCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Fake AWS access key ids, well-formed for the bundled aws.access-key-id rule.
  static final String KEY_A = "AKIAQYLPMN5HHHFPZAM2";
  static final String KEY_B = "AKIAZ7XK2MPQ4RTV6WYB";
  static final String KEY_C = "AKIA3HJ5NB7VC2XZ4LKQ";

  @TempDir Path dir;
  Path project;
  String store;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(dir.resolve("project"));
    store = StoreUrls.embedded(dir.resolve("store"));
  }

  private void write(String file, String... lines) throws Exception {
    Path path = project.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, List.of(lines));
  }

  private HistoryCli scan(String... extra) {
    List<String> args = new ArrayList<>(List.of("scan", project.toString(), "--store", store, "--format", "json", "--target", "project"));
    args.addAll(List.of(extra));
    return HistoryCli.of(args.toArray(String[]::new));
  }

  private static List<String> secrets(HistoryCli run) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode f : JSON.readTree(run.out()).get("findings")) {
      out.add(f.get("secret").asText());
    }
    return out;
  }

  @Test
  void newOnlyReportsJustTheTokenThatAppearedSinceTheLastScanAndExitsOne() throws Exception {
    write("app.env", "AWS_ACCESS_KEY_ID=" + KEY_A);
    HistoryCli first = scan("--new-only");
    assertThat(first.exitCode()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(first)).hasSize(1);
    assertThat(first.err()).contains("1 new").contains("first scan of this target");

    write("deploy/ci.env", "KEY=" + KEY_B);
    HistoryCli second = scan("--new-only");
    assertThat(second.exitCode()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(second)).singleElement().asString().startsWith(KEY_B.substring(0, 5));

    HistoryCli third = scan("--new-only");
    assertThat(third.exitCode()).isEqualTo(ExitCode.CLEAN);
    assertThat(secrets(third)).isEmpty();
  }

  @Test
  void aTokenMovedToAnotherLineAndFileIsNotNew() throws Exception {
    write("app.env", "AWS_ACCESS_KEY_ID=" + KEY_A);
    scan("--record");
    Files.delete(project.resolve("app.env"));
    write("config/moved.env", "# moved", "", "", "AWS_ACCESS_KEY_ID=" + KEY_A);
    HistoryCli after = scan("--new-only");
    assertThat(after.exitCode()).isEqualTo(ExitCode.CLEAN);
    assertThat(secrets(after)).isEmpty();
  }

  @Test
  void diffShowsNewAndGoneTokensAndExitsOneWhenATokenAppeared() throws Exception {
    write("a.env", "ID=" + KEY_A);
    write("b.env", "ID=" + KEY_B);
    scan("--record");
    Files.delete(project.resolve("a.env"));
    write("c.env", "ID=" + KEY_C);
    scan("--record");

    HistoryCli diff = HistoryCli.of("diff", "--store", store, "--format", "json");
    assertThat(diff.exitCode()).isEqualTo(ExitCode.FINDINGS);
    JsonNode target = JSON.readTree(diff.out()).get(0);
    assertThat(target.get("target").asText()).isEqualTo("project");
    assertThat(target.get("new")).hasSize(1);
    assertThat(target.get("new").get(0).get("secret").asText()).startsWith(KEY_C.substring(0, 5));
    assertThat(target.get("gone")).hasSize(1);
    assertThat(target.get("gone").get(0).get("secret").asText()).startsWith(KEY_A.substring(0, 5));
    assertThat(diff.out()).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(KEY_C);

    HistoryCli text = HistoryCli.of("diff", "--store", store, "--target", "project");
    assertThat(text.out()).contains("NEW").contains("GONE");

    scan("--record");
    assertThat(HistoryCli.of("diff", "--store", store).exitCode()).isEqualTo(ExitCode.CLEAN);
  }

  @Test
  void historyListsRecordedScansNewestFirst() throws Exception {
    write("a.env", "ID=" + KEY_A);
    scan("--record");
    write("b.env", "ID=" + KEY_B);
    scan("--record");
    HistoryCli history = HistoryCli.of("history", "--store", store, "--format", "json");
    assertThat(history.exitCode()).isEqualTo(ExitCode.CLEAN);
    JsonNode scans = JSON.readTree(history.out());
    assertThat(scans).hasSize(2);
    assertThat(scans.get(0).get("findings").asInt()).isEqualTo(2);
    assertThat(scans.get(1).get("findings").asInt()).isEqualTo(1);
    assertThat(scans.get(0).get("tool_version").asText()).isNotBlank();
    assertThat(HistoryCli.of("history", "--store", store).out()).contains("SCAN").contains("project");
  }

  @Test
  void diffOfAnUnknownTargetIsAClearError() {
    HistoryCli run = HistoryCli.of("diff", "--store", store, "--target", "nowhere");
    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("no scan of 'nowhere'").contains("tokenscope history");
  }

  @Test
  void baselineAcceptsTodaysTokensSoOnlyANewOneIsReported() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Path baseline = dir.resolve("baseline.json");
    HistoryCli create = HistoryCli.of("baseline", "create", project.toString(), "-o", baseline.toString());
    assertThat(create.exitCode()).isEqualTo(ExitCode.CLEAN);
    assertThat(Files.readString(baseline)).contains("fp:").doesNotContain(KEY_A);

    HistoryCli clean = HistoryCli.of("scan", project.toString(), "--baseline", baseline.toString(), "--format", "json");
    assertThat(clean.exitCode()).isEqualTo(ExitCode.CLEAN);
    write("b.env", "ID=" + KEY_B);
    HistoryCli dirty = HistoryCli.of("scan", project.toString(), "--baseline", baseline.toString(), "--format", "json");
    assertThat(dirty.exitCode()).isEqualTo(ExitCode.FINDINGS);
    assertThat(secrets(dirty)).singleElement().asString().startsWith(KEY_B.substring(0, 5));
  }

  @Test
  void movingALineDoesNotChangeTheBaselineFile() throws Exception {
    write("a.env", "ID=" + KEY_A);
    Path before = dir.resolve("before.json");
    HistoryCli.of("baseline", "create", project.toString(), "-o", before.toString());
    Files.delete(project.resolve("a.env"));
    write("sub/other.env", "", "", "ID=" + KEY_A);
    Path after = dir.resolve("after.json");
    HistoryCli.of("baseline", "create", project.toString(), "-o", after.toString());
    assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
  }

  @Test
  void aMissingOrMalformedBaselineIsAClearError() throws Exception {
    write("a.env", "ID=" + KEY_A);
    HistoryCli missing = HistoryCli.of("scan", project.toString(), "--baseline", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.err()).contains("does not exist").contains("baseline create");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"credentials\": [{\"fingerprint\": \"nope\"}]}");
    HistoryCli malformed = HistoryCli.of("scan", project.toString(), "--baseline", bad.toString());
    assertThat(malformed.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(malformed.err()).contains(bad.toString()).contains("fingerprint");
  }

  @Test
  void aBadShardOrAShardWithoutRepositoriesIsAClearError() throws Exception {
    write("a.env", "ID=" + KEY_A);
    HistoryCli outOfRange = HistoryCli.of("scan", "--git-url", "file:///nowhere", "--shard", "4/4");
    assertThat(outOfRange.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(outOfRange.err()).contains("0 <= i < n");
    HistoryCli noRepos = HistoryCli.of("scan", project.toString(), "--shard", "0/2");
    assertThat(noRepos.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(noRepos.err()).contains("--shard splits repositories");
  }

  @Test
  void everyNewCommandHasHelpAndTheRootListsThem() {
    for (String[] args : List.of(new String[] {"history", "--help"}, new String[] {"diff", "--help"}, new String[] {"baseline", "create", "--help"})) {
      HistoryCli run = HistoryCli.of(args);
      assertThat(run.exitCode()).isEqualTo(ExitCode.CLEAN);
      assertThat(run.out()).contains("Usage: tokenscope " + args[0]);
    }
    assertThat(HistoryCli.of("--help").out()).contains("history").contains("diff").contains("baseline");
    assertThat(HistoryCli.of("scan", "--help").out()).contains("--new-only").contains("--shard=i/n").contains("--github-org").contains("html");
  }

  @Test
  void anUnusableStoreIsAClearErrorNotAStackTrace() throws Exception {
    write("a.env", "ID=" + KEY_A);
    HistoryCli run = HistoryCli.of("scan", project.toString(), "--store", "jdbc:mysql://db/history");
    assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(run.err()).contains("unsupported store").doesNotContain("Exception");
  }
}
