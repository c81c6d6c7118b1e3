package dev.tokenscope.resolve.railway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.account.AccountListing;
import dev.tokenscope.resolve.account.ListedCredential;
import dev.tokenscope.resolve.account.RecordedAccount;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RailwayAccountAuditTest {
  private static final Path INCIDENT = Path.of("examples/incident/recorded-account");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ListedCredential named(AccountListing listing, String name) {
    return listing.credentials().stream()
        .filter(c -> name.equals(c.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no credential " + name + " in " + listing));
  }

  @Test
  void listsAccountWorkspaceAndProjectTokensAcrossApiTokenPages() {
    try (RecordedAccount account = RecordedAccount.of(INCIDENT, "railway")) {
      AccountListing listing = RailwayAccountAudit.live(account.context(), "auditor-token");

      assertThat(listing.problems()).isEmpty();
      assertThat(listing.credentials())
          .extracting(ListedCredential::kind, ListedCredential::name)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("project-token", "ci-deploy"),
              org.assertj.core.groups.Tuple.tuple("account-token", "shop-domains"),
              org.assertj.core.groups.Tuple.tuple("workspace-token", "grafana-read"));
      // The second page was asked for with the first page's endCursor.
      assertThat(account.server().received())
          .anyMatch(r -> r.body().contains("\"after\":\"YXJyYXljb25uZWN0aW9uOjA=\""));
      assertThat(account.server().unmatched()).isEmpty();
    }
  }

  @Test
  void accountTokenMayDeleteTheProductionVolumeAndItsBackups() {
    try (RecordedAccount account = RecordedAccount.of(INCIDENT, "railway")) {
      ListedCredential domains =
          named(RailwayAccountAudit.live(account.context(), "auditor-token"), "shop-domains");

      assertThat(domains.grant().identity().tokenType()).isEqualTo("account");
      assertThat(domains.grant().environments()).containsExactly("production");
      assertThat(domains.grant().permissions())
          .extracting(Permission::action)
          .contains("volumeDelete", "volumeInstanceBackupDelete", "apiTokenCreate");
      assertThat(domains.credential().secret()).isNull();
      assertThat(domains.credential().attribute("token_id"))
          .isEqualTo("e3b7a1f2-9c4d-4e8a-b6f1-2d7c9a0e5b18");
    }
  }

  @Test
  void projectTokenReachesOnlyItsEnvironmentAndCarriesItsCreationDate() {
    try (RecordedAccount account = RecordedAccount.of(INCIDENT, "railway")) {
      ListedCredential ci =
          named(RailwayAccountAudit.live(account.context(), "auditor-token"), "ci-deploy");

      assertThat(ci.grant().environments()).containsExactly("production");
      assertThat(ci.grant().permissions()).allMatch(p -> p.resource().equals("shop/production"));
      assertThat(ci.grant().created()).isEqualTo("2026-09-14T08:12:40Z");
    }
  }

  @Test
  void workspaceTokenThatCannotListApiTokensGivesAPartialListing() {
    try (RecordedAccount account = RecordedAccount.of("accounts/railway-partial", "railway")) {
      AccountListing listing = RailwayAccountAudit.live(account.context(), "workspace-token");

      assertThat(listing.complete()).isFalse();
      assertThat(listing.problems())
          .singleElement()
          .asString()
          .contains("API tokens not listed")
          .contains("Not Authorized");
      assertThat(listing.credentials())
          .extracting(ListedCredential::name)
          .containsExactly("ci-deploy");
    }
  }

  @Test
  void anExpiredApiTokenIsListedAsRevoked(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("token-context.json"), "{\"data\":{\"apiToken\":{\"workspaces\":[]}}}");
    Files.writeString(
        dir.resolve("api-tokens.json"),
        "{\"data\":{\"apiTokens\":{\"edges\":[{\"node\":{\"id\":\"0d8c1f7e-2a4b-4c6d-9e8f-1a2b3c4d5e6f\",\"name\":\"old\",\"expiresAt\":\"2026-01-01T00:00:00Z\",\"workspaceId\":null}}],\"pageInfo\":{\"hasNextPage\":false,\"endCursor\":null}}}}");

    AccountListing listing =
        RailwayAccountAudit.snapshot(dir, Clock.fixed(RecordedAccount.NOW, ZoneOffset.UTC));

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.credentials().get(0).grant().status()).isEqualTo(GrantStatus.REVOKED);
  }

  @Test
  void snapshotFromTheSavedAnswersListsTheSameTokens(@TempDir Path dir) throws Exception {
    Files.copy(
        INCIDENT.resolve("workspace-acme.json"),
        dir.resolve("workspace-8e2f6a10-4c3d-4b5e-8f7a-6d9c0b1e2a34.json"));
    Files.copy(
        INCIDENT.resolve("project-tokens-shop.json"),
        dir.resolve("project-tokens-0b6a4c2e-7d19-4f38-9a51-c2e8d7f40a93.json"));
    Files.copy(INCIDENT.resolve("api-tokens-page1.json"), dir.resolve("api-tokens.json"));
    Files.writeString(
        dir.resolve("token-context.json"),
        "{\"data\":{\"apiToken\":{\"workspaces\":[{\"id\":\"8e2f6a10-4c3d-4b5e-8f7a-6d9c0b1e2a34\",\"name\":\"acme\"}]}}}");

    AccountListing listing =
        RailwayAccountAudit.snapshot(dir, Clock.fixed(RecordedAccount.NOW, ZoneOffset.UTC));

    assertThat(listing.problems()).isEmpty();
    assertThat(listing.credentials())
        .extracting(ListedCredential::name)
        .containsExactlyInAnyOrder("ci-deploy", "shop-domains");
  }

  @Test
  void mutationsAndOperationsOffTheListAreRefusedBeforeAnythingIsSent() {
    try (RecordedAccount account = RecordedAccount.of(INCIDENT, "railway")) {
      SafeHttpClient client =
          account
              .context()
              .client(RailwayAccountAudit.ALLOW_LIST, RailwayResolver.DEFAULT_BASE_URL);
      assertThatThrownBy(
              () ->
                  client.graphql(
                      "/graphql/v2",
                      "AccountApiTokens",
                      "mutation AccountApiTokens { apiTokenDelete(id: \"x\") }",
                      Map.of(),
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThatThrownBy(
              () ->
                  client.graphql(
                      "/graphql/v2",
                      "ProjectTokenCreate",
                      "query ProjectTokenCreate { me { id } }",
                      Map.of(),
                      Map.of()))
          .isInstanceOf(RefusedRequestException.class);
      assertThat(account.server().received()).isEmpty();
    }
  }

  /**
   * Every document parses as exactly one query operation named as its allow-list entry, and
   * validates against Railway's published schema (field names, arguments, their types).
   */
  @Test
  void everyDocumentIsOneNamedQueryValidAgainstRailwaysSchema() {
    assertThat(RailwayAccountAudit.DOCUMENTS)
        .hasSize(RailwayAccountAudit.ALLOW_LIST.requests().size());
    RailwayAccountAudit.DOCUMENTS.forEach(
        (name, text) -> {
          Document document = Parser.parse(text);
          List<OperationDefinition> operations =
              document.getDefinitionsOfType(OperationDefinition.class);
          assertThat(operations).as(name).hasSize(1);
          assertThat(operations.get(0).getOperation())
              .isEqualTo(OperationDefinition.Operation.QUERY);
          assertThat(operations.get(0).getName()).isEqualTo(name);
          assertThat(RailwayAccountAudit.ALLOW_LIST.requests())
              .anyMatch(r -> name.equals(r.graphqlOperation()));
          assertThat(RailwaySchema.problems(text)).as(name).isEmpty();
        });
  }
}
