package dev.tokenscope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.Version;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The JSON report, whose shape is documented in the README. */
public final class JsonReport implements Report {
  /** How many permissions a grant lists in a report before the rest is only counted. */
  static final int MAX_LISTED_PERMISSIONS = 200;

  /**
   * The reports build plain trees and write them with a streaming generator, never through an
   * ObjectMapper: setting one up costs a commit hook's short scan more CPU than its scan.
   */
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final JsonFactory GENERATORS =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  /** Writes a tree as indented JSON and a newline; the writer stays open. */
  static void writeTree(JsonNode root, Writer out) throws IOException {
    try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
      generator.setPrettyPrinter(new DefaultPrettyPrinter());
      write(root, generator);
    }
    out.write('\n');
  }

  private static void write(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          out.writeFieldName(field.getKey());
          write(field.getValue(), out);
        }
        out.writeEndObject();
      }
      case ARRAY -> {
        out.writeStartArray();
        for (JsonNode element : node) {
          write(element, out);
        }
        out.writeEndArray();
      }
      case STRING -> out.writeString(node.textValue());
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> out.writeNumber(node.intValue());
          case LONG -> out.writeNumber(node.longValue());
          case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
          case FLOAT -> out.writeNumber(node.floatValue());
          case DOUBLE -> out.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
        }
      }
      case BOOLEAN -> out.writeBoolean(node.booleanValue());
      case NULL, MISSING -> out.writeNull();
      case BINARY, POJO ->
          throw new IllegalArgumentException("a report holds no " + node.getNodeType() + " node");
    }
  }

  @Override
  public void write(ScanResult result, Writer out) throws IOException {
    ObjectNode root = JSON.objectNode();
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "tokenscope");
    tool.put("version", Version.VALUE);
    List<CredentialEntry> entries = CredentialEntry.group(result.findings());
    ArrayNode credentials = root.putArray("credentials");
    for (CredentialEntry entry : entries) {
      credentials.add(credential(entry));
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : result.findings()) {
      findings.add(finding(finding));
    }
    ArrayNode errors = root.putArray("errors");
    for (Problem problem : result.problems()) {
      errors.addObject().put("where", problem.where()).put("message", problem.message());
    }
    ArrayNode warnings = root.putArray("warnings");
    ScanSummary.resolveWarningOf(entries).ifPresent(warnings::add);
    ScanResult.Stats stats = result.stats();
    root.putObject("hidden")
        .put("allow_listed", result.hidden().allowListed())
        .put("baselined", result.hidden().baselined());
    root.putObject("stats")
        .put("files", stats.files())
        .put("blobs", stats.blobs())
        .put("bytes", stats.bytes())
        .put("skipped", stats.skipped())
        .put("seconds", Math.round(stats.seconds() * 1000) / 1000.0);
    writeTree(root, out);
  }

  /**
   * One credential: its rule, provider, redacted secret and fingerprint, highest severity, grant
   * (identity, environments, permissions), every location, its risks (one per finding: kind,
   * severity, reason, evidence) and one line of what to do.
   */
  static ObjectNode credential(CredentialEntry entry) {
    ObjectNode node = JSON.objectNode();
    node.put("fingerprint", entry.credential().fingerprint());
    node.put("severity", entry.severity().name().toLowerCase(java.util.Locale.ROOT));
    node.put("rule", entry.credential().ruleId());
    node.put("provider", entry.credential().provider());
    node.put("secret", entry.credential().redacted());
    node.set("locations", locations(entry.credential().locations()));
    node.set("grant", grant(entry.grant()));
    ArrayNode risks = node.putArray("risks");
    for (Finding risk : entry.risks()) {
      ObjectNode r = risks.addObject();
      r.put("id", risk.id());
      r.put("kind", risk.kind().name());
      r.put("severity", risk.severity().name().toLowerCase(java.util.Locale.ROOT));
      r.put("reason", risk.reason());
      ArrayNode evidence = r.putArray("evidence");
      risk.evidence().forEach(evidence::add);
    }
    node.put("fix", entry.fix());
    return node;
  }

  static ObjectNode finding(Finding finding) {
    ObjectNode node = JSON.objectNode();
    node.put("id", finding.id());
    node.put("kind", finding.kind().name());
    node.put("severity", finding.severity().name().toLowerCase(java.util.Locale.ROOT));
    node.put("rule", finding.credential().ruleId());
    node.put("provider", finding.credential().provider());
    node.put("fingerprint", finding.credential().fingerprint());
    node.put("secret", finding.credential().redacted());
    node.set("locations", locations(finding.credential().locations()));
    node.set("grant", grant(finding.grant()));
    node.put("reason", finding.reason());
    ArrayNode evidence = node.putArray("evidence");
    finding.evidence().forEach(evidence::add);
    return node;
  }

  private static ArrayNode locations(List<Location> all) {
    ArrayNode locations = JSON.arrayNode();
    for (Location location : all) {
      ObjectNode l = locations.addObject();
      l.put("source", location.source());
      l.put("path", location.path());
      if (location.line() > 0) {
        l.put("line", location.line());
        l.put("column", location.column());
      }
      if (location.commit() != null) {
        l.put("commit", location.commit());
        l.put("author", location.author());
        l.put("date", location.date() == null ? null : location.date().toString());
      }
      if (location.version() != null) {
        l.put("version", location.version());
      }
    }
    return locations;
  }

  static ObjectNode grant(Grant grant) {
    return grant(grant, MAX_LISTED_PERMISSIONS);
  }

  /**
   * A grant as JSON, listing at most {@code maxListed} permissions (the most powerful first) and
   * counting all of them by access level; null for no grant.
   */
  public static ObjectNode grant(Grant grant, int maxListed) {
    if (grant == null) {
      return null;
    }
    ObjectNode node = JSON.objectNode();
    node.put("status", grant.status().name());
    node.put("status_reason", grant.statusReason());
    if (grant.identity() != null) {
      node.set("identity", identity(grant.identity()));
    }
    ArrayNode environments = node.putArray("environments");
    grant.environments().forEach(environments::add);
    node.put("created", grant.created() == null ? null : grant.created().toString());
    node.put("expires", grant.expires() == null ? null : grant.expires().toString());
    node.put("last_used", grant.lastUsed() == null ? null : grant.lastUsed().toString());
    // An admin key's grant expands to every action of every service (over 20,000 for AWS) and is
    // repeated in each of its findings: reports list the most powerful first, up to a bound, and
    // count the rest by access level. `tokenscope resolve --format json` prints one grant in full.
    Map<Access, Integer> byAccess = new EnumMap<>(Access.class);
    grant.permissions().forEach(p -> byAccess.merge(p.access(), 1, Integer::sum));
    node.put("permission_count", grant.permissions().size());
    ObjectNode counts = node.putObject("permissions_by_access");
    byAccess.forEach((access, count) -> counts.put(access.name(), count));
    List<Permission> listed = grant.permissions();
    if (listed.size() > maxListed) {
      listed =
          listed.stream()
              .sorted(Comparator.comparing(Permission::access).reversed())
              .limit(maxListed)
              .toList();
      node.put("permissions_truncated", true);
    }
    ArrayNode permissions = node.putArray("permissions");
    listed.forEach(p -> permissions.add(permission(p)));
    ArrayNode evidence = node.putArray("evidence");
    grant.evidence().forEach(evidence::add);
    return node;
  }

  /** An identity, with its fields named as the record's components. */
  static ObjectNode identity(Identity identity) {
    ObjectNode node = JSON.objectNode();
    node.put("provider", identity.provider());
    node.put("principal", identity.principal());
    node.put("account", identity.account());
    node.put("tokenType", identity.tokenType());
    ObjectNode details = node.putObject("details");
    identity.details().forEach(details::put);
    return node;
  }

  /** One permission: action, resource, access, and {@code conditional} when it is. */
  public static ObjectNode permission(Permission p) {
    ObjectNode n = JSON.objectNode();
    n.put("action", p.action()).put("resource", p.resource()).put("access", p.access().name());
    if (p.conditional()) {
      n.put("conditional", true);
    }
    return n;
  }
}
