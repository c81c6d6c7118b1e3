package dev.tokenscope.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crafted documents that a pattern-based check let through. Each is sent under the allow-listed
 * operation name {@code Me}; the guard must refuse every one before anything reaches the server.
 */
class GraphqlQueryGuardTest {
  private ReplayServer server;
  private SafeHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server =
        ReplayServer.of(
            List.of(
                new ReplayServer.Exchange(
                    "acme",
                    "POST",
                    "/graphql",
                    "Me",
                    null,
                    200,
                    Map.of(),
                    "{\"data\":{\"me\":{\"id\":\"u1\"}}}")));
    client =
        new SafeHttpClient(
            server.baseUrl("acme"),
            AllowList.of("acme", AllowedRequest.graphqlQuery("/graphql", "Me")),
            HttpSettings.fast());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a named fragment on the mutation root, spread into the allowed query
        "query Me { ...F } fragment F on Mutation { volumeDelete(volumeId: \"v\") }",
        // the same fragment, never spread: still a write waiting for a second operation
        "query Me { me { id } } fragment F on Mutation { projectDelete(id: \"p\") }",
        // an inline fragment on the mutation root, deep inside a field
        "query Me { me { id ... on Mutation { projectDelete(id: \"p\") } } }",
        // a fragment on the subscription root
        "query Me { ...S } fragment S on Subscription { deploymentLogs(deploymentId: \"d\") }",
        // a comment line that makes a regex think the document starts with the query
        "# query Me\nmutation Me { volumeDelete(volumeId: \"v\") }",
        // a mutation hidden after a comment mentioning the allowed query, on one logical line
        "query Me { me { id } } # query Me\nmutation\tMe2 { projectDelete(id: \"p\") }",
        // an operation whose name differs from the allow-listed operationName
        "query MeAndMore { me { id } }",
        // the allowed name appears, but only as a prefix of another query's name
        "query Mexico { me { id } }",
        // two operations: the server runs whichever operationName picks
        "query Me { me { id } } query Other { me { email } }",
        // a subscription named like the allowed query
        "subscription Me { deploymentLogs(deploymentId: \"d\") { message } }",
        // an anonymous query: nothing ties it to the allow-listed name
        "{ me { id } }",
        // not GraphQL at all
        "query Me { me { id ",
        // a type-system definition smuggled next to the query
        "query Me { me { id } } type Mutation { x: Int }"
      })
  void aCraftedDocumentIsRefusedBeforeItIsSent(String document) {
    assertThatThrownBy(() -> client.graphql("/graphql", "Me", document, Map.of(), Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "query Me { me { id } }",
        "# mutation Me { volumeDelete }\nquery Me { me { id } }",
        "query Me { me { ...U } } fragment U on User { id name }",
        "query Me($id: String!) { me { id ... on User { email } } }"
      })
  void aSingleNamedQueryIsSent(String document) throws Exception {
    HttpResult result = client.graphql("/graphql", "Me", document, Map.of(), Map.of());
    assertThat(result.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"query Me { me { id } }"})
  void aQueryUnderAnOperationNameOffTheListIsRefused(String document) {
    assertThatThrownBy(
            () ->
                new SafeHttpClient(
                        server.baseUrl("acme"),
                        AllowList.of("acme", AllowedRequest.graphqlQuery("/graphql", "Other")),
                        HttpSettings.fast())
                    .graphql("/graphql", "Me", document, Map.of(), Map.of()))
        .isInstanceOf(RefusedRequestException.class);
    assertThat(server.received()).isEmpty();
  }
}
