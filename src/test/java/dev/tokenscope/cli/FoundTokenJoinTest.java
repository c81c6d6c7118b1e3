package dev.tokenscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.ReplayServer;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.resolve.account.RecordedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code audit gitlab|vault --scan}: a token found in a file is looked up, with itself, at the
 * audited instance, and joined to the entry the account lists under the id it answers (GitLab's
 * token id, Vault's accessor). The recorded accounts answer the lookups per token ({@code
 * credential_last_four}): one token is listed, one is revoked.
 */
class FoundTokenJoinTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One audited provider: its recorded account, the two fake tokens and the listed id. */
  enum Account {
    GITLAB(
        "gitlab",
        "gitlab.personal-access-token",
        "GITLAB_TOKEN=",
        "glpat-Hq3Vx8LmT2cR9wKd5ZsN",
        "glpat-Pw7Nb4YtJ6eQ1uXa3FgR",
        "501",
        "gitlab.account.project-access-token",
        List.of("--group", "acme")),
    VAULT(
        "vault",
        "vault.service-token",
        "VAULT_TOKEN=",
        "hvs.Tq8Mx2LvR7cW4kPd9ZsN6bHy",
        "hvs.Kd3Rt9WmX5pL2vQa7NcJ8eYu",
        "2c5d7e9f-3a1b-4c6d-8e0f-9a7b5c3d1e26",
        "vault.account.token",
        List.of());

    final String provider;
    final String rule;
    final String variable;
    final String listedToken;
    final String revokedToken;
    final String listedId;
    final String listedRule;
    final List<String> options;

    Account(
        String provider,
        String rule,
        String variable,
        String listedToken,
        String revokedToken,
        String listedId,
        String listedRule,
        List<String> options) {
      this.provider = provider;
      this.rule = rule;
      this.variable = variable;
      this.listedToken = listedToken;
      this.revokedToken = revokedToken;
      this.listedId = listedId;
      this.listedRule = listedRule;
      this.options = options;
    }

    String foundFingerprint(String token) {
      return Fingerprint.of(rule, token);
    }
  }

  private static Path tree(Path dir, Account account) throws Exception {
    Files.writeString(dir.resolve("ci.env"), account.variable + account.listedToken + "\n");
    Files.writeString(dir.resolve("old.env"), account.variable + account.revokedToken + "\n");
    return dir;
  }

  private static Path inventory(Path dir, Account account, String match) throws Exception {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "tokens:\n"
            + "  - id: the-listed-one\n"
            + "    provider: "
            + account.provider
            + "\n"
            + "    match: {"
            + match
            + "}\n"
            + "    owner: platform-team\n"
            + "    purpose: Releases the shop.\n");
    return file;
  }

  private static Cli audit(Account account, Path tree, Path inventory) {
    List<String> args = new ArrayList<>(List.of("audit", account.provider));
    args.addAll(account.options);
    args.addAll(
        List.of(
            "--replay",
            RecordedAccount.resource("accounts/" + account.provider).toString(),
            "--scan",
            tree.toString(),
            "--inventory",
            inventory.toString(),
            "--format",
            "json",
            "--now",
            "2026-11-25"));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Finding kinds per fingerprint, and each fingerprint's places (path or account place). */
  private static Map<String, Set<String>> kinds(Cli run, Map<String, Set<String>> places)
      throws Exception {
    Map<String, Set<String>> kinds = new TreeMap<>();
    for (JsonNode f : JSON.readTree(run.out()).path("findings")) {
      String fingerprint = f.path("fingerprint").asText();
      kinds.computeIfAbsent(fingerprint, k -> new TreeSet<>()).add(f.path("kind").asText());
      for (JsonNode l : f.path("locations")) {
        String path = l.path("path").asText();
        places
            .computeIfAbsent(fingerprint, k -> new TreeSet<>())
            .add(l.path("source").asText() + ":" + Path.of(path).getFileName());
      }
    }
    return kinds;
  }

  @ParameterizedTest
  @EnumSource(Account.class)
  void aFoundTokenTheAccountListsIsOneEntryAndItsDeclarationByTokenIdMatches(
      Account account, @TempDir Path dir) throws Exception {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    tree(tree, account);
    Cli run =
        audit(account, tree, inventory(dir, account, "token_id: \"" + account.listedId + "\""));

    Map<String, Set<String>> places = new TreeMap<>();
    Map<String, Set<String>> kinds = kinds(run, places);
    String joined = account.foundFingerprint(account.listedToken);
    String revoked = account.foundFingerprint(account.revokedToken);

    assertThat(run.err()).doesNotContain("problems:").contains(" 0 problems");
    // One entry: found in ci.env and listed by the account, under the found secret's fingerprint;
    // no second entry for the listing alone.
    assertThat(kinds)
        .containsKey(joined)
        .doesNotContainKey(Fingerprint.of(account.listedRule, account.listedId));
    assertThat(places.get(joined)).anyMatch(p -> p.startsWith("file:ci.env"));
    assertThat(places.get(joined)).anyMatch(p -> p.startsWith("provider-account:"));
    assertThat(kinds.get(joined)).contains("EXPOSED").doesNotContain("UNKNOWN_TOKEN");
    // The revoked token answers nothing: it stays a found token of its own, undeclared.
    assertThat(places.get(revoked)).containsExactly("file:old.env");
    assertThat(kinds.get(revoked)).contains("EXPOSED", "UNKNOWN_TOKEN");
    assertThat(run.err()).contains("refused it or gave no id");
    // Its grant says why an audit did not resolve it, not that the provider has no resolver.
    JsonNode revokedEntry = null;
    for (JsonNode c : JSON.readTree(run.out()).path("credentials")) {
      if (c.path("fingerprint").asText().equals(revoked)) {
        revokedEntry = c;
      }
    }
    assertThat(revokedEntry).isNotNull();
    assertThat(revokedEntry.path("grant").path("status_reason").asText())
        .startsWith("found by --scan and joined to no credential")
        .doesNotContain("no resolver");
    assertThat(run.out() + run.err()).doesNotContain("has no resolver for");
  }

  @ParameterizedTest
  @EnumSource(Account.class)
  void theJoinedEntryDeclaredByTheFoundSecretsFingerprintMatchesToo(
      Account account, @TempDir Path dir) throws Exception {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    tree(tree, account);
    String joined = account.foundFingerprint(account.listedToken);
    Cli run = audit(account, tree, inventory(dir, account, "fingerprint: \"" + joined + "\""));

    Map<String, Set<String>> kinds = kinds(run, new TreeMap<>());

    assertThat(kinds.get(joined)).contains("EXPOSED").doesNotContain("UNKNOWN_TOKEN");
  }

  @ParameterizedTest
  @EnumSource(Account.class)
  void noOutputHoldsAWholeFoundToken(Account account, @TempDir Path dir) throws Exception {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    tree(tree, account);
    Path inventory = inventory(dir, account, "token_id: \"" + account.listedId + "\"");

    for (String format : List.of("json", "text", "sarif", "html")) {
      List<String> args = new ArrayList<>(List.of("audit", account.provider));
      args.addAll(account.options);
      args.addAll(
          List.of(
              "--replay",
              RecordedAccount.resource("accounts/" + account.provider).toString(),
              "--scan",
              tree.toString(),
              "--inventory",
              inventory.toString(),
              "--format",
              format,
              "--now",
              "2026-11-25"));
      Cli run = Cli.run(args.toArray(String[]::new));
      // Vault's recorded lookup-self answer holds the listed token itself (data.id), as Vault's
      // does: it is never read, so never shown.
      for (String token : List.of(account.listedToken, account.revokedToken)) {
        assertThat(run.out()).as(format).doesNotContain(token);
        assertThat(run.err()).as(format).doesNotContain(token);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Account.class)
  void theLookupGoesToTheAuditedInstanceNotToAnAddressInTheScannedTree(
      Account account, @TempDir Path dir) throws Exception {
    try (ReplayServer elsewhere = ReplayServer.of(List.of())) {
      String address = elsewhere.baseUrl(account.provider).toString();
      Path tree = Files.createDirectory(dir.resolve("tree"));
      tree(tree, account);
      // A config and addresses written next to the tokens, as a hostile tree would hold them.
      Files.writeString(
          tree.resolve(".tokenscope.yaml"),
          "providers:\n  " + account.provider + ":\n    base_url: " + address + "\n");
      Files.writeString(
          tree.resolve("deploy.env"),
          "GITLAB_URL="
              + address
              + "\nCI_SERVER_URL="
              + address
              + "\nVAULT_ADDR="
              + address
              + "\n");

      Cli run =
          audit(account, tree, inventory(dir, account, "token_id: \"" + account.listedId + "\""));

      assertThat(elsewhere.received()).isEmpty();
      Map<String, Set<String>> places = new TreeMap<>();
      kinds(run, places);
      assertThat(places.get(account.foundFingerprint(account.listedToken)))
          .anyMatch(p -> p.startsWith("provider-account:"));
    }
  }

  @Test
  void aSnapshotSendsNothingSoFoundTokensAreNotLookedUp(@TempDir Path dir) throws Exception {
    Path snapshot = Files.createDirectories(dir.resolve("snapshot/v1/auth/token"));
    Files.writeString(snapshot.resolve("accessors.json"), "{\"data\":{\"keys\":[]}}");
    Files.writeString(
        Files.createDirectories(dir.resolve("snapshot/v1/sys")).resolve("mounts.json"), "{}");
    Path tree = Files.createDirectory(dir.resolve("tree"));
    tree(tree, Account.VAULT);

    Cli run =
        Cli.run(
            "audit",
            "vault",
            "--snapshot",
            dir.resolve("snapshot").toString(),
            "--scan",
            tree.toString(),
            "--format",
            "json");

    assertThat(run.err()).contains("--snapshot sends nothing");
    assertThat(JSON.readTree(run.out()).path("findings").toString())
        .doesNotContain("provider-account");
  }
}
