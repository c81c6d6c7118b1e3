package dev.tokenscope.assess;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The team's token inventory ({@code tokens.yaml}), validated against {@code
 * schemas/tokens.schema.json}. Every problem is reported at its line; an inventory with any problem
 * is not used, because a half-read inventory would turn declared tokens into unknown ones.
 */
public final class Inventory {
  public static final String SCHEMA_RESOURCE = "schemas/tokens.schema.json";

  /** Built on first validation: a scan without an inventory does not load the schema library. */
  private static final class Schema {
    static final JsonSchema SCHEMA = schema();
  }

  private final String file;
  private final List<InventoryEntry> entries;

  public Inventory(String file, List<InventoryEntry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /** No inventory: every credential is unknown. */
  public static Inventory none() {
    return new Inventory(null, List.of());
  }

  /** Where the inventory was read from, or null when there is none. */
  public String file() {
    return file;
  }

  public boolean isEmpty() {
    return file == null;
  }

  public List<InventoryEntry> entries() {
    return entries;
  }

  /** The entry that declares this credential, if any: by fingerprint first, then by public ids. */
  public Optional<InventoryEntry> find(Credential credential, Grant grant) {
    Identity identity = grant == null ? null : grant.identity();
    return entries.stream()
        .filter(e -> e.provider().equalsIgnoreCase(credential.provider()))
        .filter(e -> matches(e.match(), credential, identity))
        .min(
            Comparator.comparingInt(
                e -> credential.fingerprint().equals(e.match().fingerprint()) ? 0 : 1));
  }

  /** True when the entry declares this credential (any one match field is enough). */
  public static boolean declares(InventoryEntry entry, Credential credential, Grant grant) {
    return entry.provider().equalsIgnoreCase(credential.provider())
        && matches(entry.match(), credential, grant == null ? null : grant.identity());
  }

  private static boolean matches(InventoryEntry.Match m, Credential credential, Identity identity) {
    String principal = identity == null ? null : identity.principal();
    return equal(m.fingerprint(), credential.fingerprint())
        || equal(m.awsAccessKeyId(), credential.attribute("id"))
        || equal(m.gcpKeyId(), credential.attribute("private_key_id"))
        || equal(m.serviceAccount(), credential.attribute("client_email"))
        || equal(m.serviceAccount(), principal)
        || equal(m.principal(), principal)
        || equal(m.tokenId(), credential.attribute("token_id"))
        || (identity != null && equal(m.tokenId(), identity.details().get("token_id")))
        || (identity != null && equal(m.tokenName(), identity.details().get("token_name")));
  }

  private static boolean equal(String declared, String actual) {
    return declared != null && declared.equalsIgnoreCase(actual);
  }

  /** Reads and validates an inventory file. */
  public static Inventory load(Path path) throws InventoryException {
    String name = path.toString();
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InventoryException(
          List.of(new InventoryProblem(name, 0, "cannot read the inventory: " + e.getMessage())));
    }
    return parse(name, text);
  }

  /** Parses and validates inventory text; {@code name} is used in messages. */
  public static Inventory parse(String name, String text) throws InventoryException {
    JsonNode root;
    YamlLines lines;
    try {
      root = YamlTrees.mapper().readTree(text);
      lines = YamlLines.of(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InventoryException(
          List.of(new InventoryProblem(name, line, "not valid YAML: " + e.getOriginalMessage())));
    } catch (IOException e) {
      throw new InventoryException(
          List.of(new InventoryProblem(name, 0, "cannot read the inventory: " + e.getMessage())));
    }
    if (root == null || root.isMissingNode()) {
      throw new InventoryException(
          List.of(
              new InventoryProblem(name, 1, "the inventory is empty: expected a 'tokens:' list")));
    }
    List<InventoryProblem> problems = new ArrayList<>();
    for (ValidationMessage message : Schema.SCHEMA.validate(root)) {
      problems.add(new InventoryProblem(name, lineOf(message, lines), describe(message)));
    }
    if (problems.isEmpty()) {
      problems.addAll(semanticProblems(name, root, lines));
    }
    if (!problems.isEmpty()) {
      problems.sort(
          Comparator.comparingInt(InventoryProblem::line).thenComparing(InventoryProblem::message));
      throw new InventoryException(problems);
    }
    List<InventoryEntry> entries = new ArrayList<>();
    JsonNode tokens = root.path("tokens");
    for (int i = 0; i < tokens.size(); i++) {
      entries.add(entry(tokens.get(i), lines.line("/tokens/" + i)));
    }
    return new Inventory(name, entries);
  }

  private static int lineOf(ValidationMessage message, YamlLines lines) {
    String pointer = message.getInstanceLocation().toString();
    if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
      pointer = pointer + "/" + message.getProperty();
    }
    return lines.line(pointer);
  }

  private static String describe(ValidationMessage message) {
    String where = message.getInstanceLocation().toString();
    String what = message.getError() != null ? message.getError() : message.getMessage();
    String hint =
        "additionalProperties".equals(message.getType())
            ? " (see " + SCHEMA_RESOURCE + " for the accepted keys)"
            : "";
    return (where.isEmpty()
            ? ""
            : where.replace("/tokens/", "tokens[").replaceFirst("^(tokens\\[\\d+)", "$1]") + ": ")
        + what
        + hint;
  }

  private static List<InventoryProblem> semanticProblems(
      String name, JsonNode root, YamlLines lines) {
    List<InventoryProblem> problems = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> fingerprints = new HashMap<>();
    JsonNode tokens = root.path("tokens");
    for (int i = 0; i < tokens.size(); i++) {
      JsonNode token = tokens.get(i);
      String id = token.path("id").asText();
      Integer earlier = ids.putIfAbsent(id, lines.line("/tokens/" + i));
      if (earlier != null) {
        problems.add(
            new InventoryProblem(
                name,
                lines.line("/tokens/" + i + "/id"),
                "duplicate id '" + id + "' (first declared on line " + earlier + ")"));
      }
      String fingerprint = token.path("match").path("fingerprint").asText(null);
      if (fingerprint != null) {
        Integer first = fingerprints.putIfAbsent(fingerprint, lines.line("/tokens/" + i));
        if (first != null) {
          problems.add(
              new InventoryProblem(
                  name,
                  lines.line("/tokens/" + i + "/match/fingerprint"),
                  "fingerprint "
                      + fingerprint
                      + " is already declared by the entry on line "
                      + first));
        }
      }
      String expires = token.path("expires").asText(null);
      if (expires != null && !expires.equals("never") && parseInstant(expires) == null) {
        problems.add(
            new InventoryProblem(
                name,
                lines.line("/tokens/" + i + "/expires"),
                "expires '" + expires + "' is not a date: use YYYY-MM-DD"));
      }
    }
    return problems;
  }

  private static InventoryEntry entry(JsonNode node, int line) {
    JsonNode m = node.path("match");
    String expires = node.path("expires").asText(null);
    return new InventoryEntry(
        node.path("id").asText(),
        node.path("provider").asText(),
        new InventoryEntry.Match(
            m.path("fingerprint").asText(null),
            m.path("aws_access_key_id").asText(null),
            m.path("gcp_key_id").asText(null),
            m.path("principal").asText(null),
            m.path("service_account").asText(null),
            m.path("token_name").asText(null),
            m.path("token_id").asText(null)),
        node.path("owner").asText(null),
        node.path("purpose").asText(null),
        strings(node.path("environments")),
        node.has("allow") ? strings(node.get("allow")) : null,
        expires == null || expires.equals("never") ? null : parseInstant(expires),
        "never".equals(expires),
        strings(node.path("stored_in")),
        line);
  }

  static Instant parseInstant(String text) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonSchema schema() {
    try (InputStream in = Inventory.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " missing from the classpath");
      }
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
