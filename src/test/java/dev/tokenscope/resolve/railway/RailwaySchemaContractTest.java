package dev.tokenscope.resolve.railway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.model.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Railway resolver against Railway's published schema, not our belief of it: every document it
 * can send validates, and every Railway action name the product uses is a real query or mutation,
 * so an inventory's {@code allow} written with Railway's names matches what tokenscope reports.
 */
class RailwaySchemaContractTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** camelCase words in docs/railway.md that are not actions (argument and model field names). */
  private static final Set<String> DOC_WORDS_NOT_ACTIONS =
      Set.of("workspaceId", "projectId", "environmentId", "tokenType", "base_url");

  @Test
  void everyDocumentTheResolverCanSendValidatesAgainstRailwaysSchema() {
    assertThat(RailwayResolver.QUERIES).isNotEmpty();
    RailwayResolver.QUERIES.forEach(
        (operation, document) ->
            assertThat(RailwaySchema.problems(document))
                .as("query %s against Railway's schema", operation)
                .isEmpty());
  }

  @Test
  void theAllowListHoldsExactlyTheValidatedDocuments() {
    assertThat(RailwayResolver.ALLOW_LIST.requests())
        .extracting(r -> r.graphqlOperation())
        .containsExactlyInAnyOrderElementsOf(RailwayResolver.QUERIES.keySet());
  }

  @Test
  void theValidatorRejectsADocumentRailwayWouldNot() {
    // Guards the guard: a made-up field and a missing required argument are both caught.
    assertThat(RailwaySchema.problems("query Me { me { id teamRole } }")).isNotEmpty();
    assertThat(RailwaySchema.problems("query Workspace { workspace { id } }")).isNotEmpty();
  }

  @Test
  void everyRailwayActionTheProductNamesIsARealOperation() throws IOException {
    Map<String, Set<String>> usedBy = new TreeMap<>();
    policyActions().forEach(a -> usedBy.computeIfAbsent(a, k -> new TreeSet<>()).add("policy"));
    reportedActions()
        .forEach(a -> usedBy.computeIfAbsent(a, k -> new TreeSet<>()).add("RailwayCapabilities"));
    for (String file :
        List.of("examples/incident/tokens.yaml", "examples/incident/tokens-unlisted.yaml")) {
      inventoryActions(Path.of(file))
          .forEach(a -> usedBy.computeIfAbsent(a, k -> new TreeSet<>()).add(file));
    }
    docActions(Path.of("docs/railway.md"))
        .forEach(a -> usedBy.computeIfAbsent(a, k -> new TreeSet<>()).add("docs/railway.md"));

    Set<String> real = RailwaySchema.operations();
    assertThat(usedBy).containsKeys("volumeDelete", "variables", "apiTokenCreate");
    assertThat(usedBy.keySet())
        .as("Railway action names used by %s", usedBy)
        .allSatisfy(
            action -> assertThat(real).as(action + " in Railway's schema").contains(action));
  }

  private static Set<String> policyActions() throws IOException {
    Set<String> out = new TreeSet<>();
    JsonNode root = YAML.readTree(Path.of("rules/policies/railway.yaml").toFile());
    for (JsonNode policy : root.path("policies")) {
      for (String list : List.of("actions", "examples", "negative_examples")) {
        policy.path(list).forEach(a -> out.add(a.asText()));
      }
    }
    return out;
  }

  private static Set<String> reportedActions() {
    Reach reach =
        new Reach("acme", "shop", List.of("production"), List.of("web"), List.of("pg-data"));
    Set<String> out = new TreeSet<>();
    RailwayCapabilities.account(List.of(reach), List.of("acme")).stream()
        .map(Permission::action)
        .forEach(out::add);
    RailwayCapabilities.workspace(List.of(reach)).stream()
        .map(Permission::action)
        .forEach(out::add);
    RailwayCapabilities.project(reach).stream().map(Permission::action).forEach(out::add);
    return out;
  }

  private static Set<String> inventoryActions(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    for (JsonNode token : YAML.readTree(file.toFile()).path("tokens")) {
      if ("railway".equals(token.path("provider").asText())) {
        token.path("allow").forEach(a -> out.add(a.asText()));
      }
    }
    return out;
  }

  /**
   * camelCase names in the doc's sections on permissions and policies, where each names an action
   * (the query table above them names operations, checked by the validation test).
   */
  private static Set<String> docActions(Path file) throws IOException {
    String text = Files.readString(file);
    int from = text.indexOf("## What each type may do");
    int to = text.indexOf("## Using it");
    assertThat(from).as("section 'What each type may do' in " + file).isPositive();
    assertThat(to).as("section 'Using it' in " + file).isGreaterThan(from);
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z0-9]*\\b").matcher(text.substring(from, to));
    while (m.find()) {
      if (!DOC_WORDS_NOT_ACTIONS.contains(m.group())) {
        out.add(m.group());
      }
    }
    return out;
  }
}
