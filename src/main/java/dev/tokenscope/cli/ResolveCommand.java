package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.assess.PolicySet;
import dev.tokenscope.assess.RiskCategory;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.report.JsonReport;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.aws.AwsCredentialText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenscope resolve --provider P}: reads ONE credential from standard input (never from the
 * command line, where it would land in shell history and process lists), and prints what it may do.
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
      "Read one credential from standard input and print what it may do: identity, status, permissions, risks.",
      "Standard input holds the credential as text, e.g. an AWS credentials file block (aws_access_key_id = …, aws_secret_access_key = …) or a token.",
      "Exit 0 when the provider answered (the status says ACTIVE, INVALID or REVOKED), 2 when it could not be checked or no credential was found."
    })
final class ResolveCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int LISTED = 200;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "PROVIDER",
      description = "the provider of the credential: aws, github, railway, …")
  String provider;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Mixin RulesOptions rulesOptions;

  @Mixin ConfigOptions configOptions;

  @Mixin AwsOptions aws;

  InputStream in = System.in;
  PrintStream out = System.out;

  @Override
  public Integer call() {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("text") && !fmt.equals("json")) {
      throw new UserException("unknown --format '" + format + "' for resolve: use text or json");
    }
    RuleSet rules = rulesOptions.load();
    if (!rules.problems().isEmpty()) {
      throw new UserException("--rules: " + rules.problems().get(0));
    }
    Resolvers builtIn = rulesOptions.resolvers(rules);
    List<String> known = knownProviders(builtIn);
    if (known.stream().noneMatch(p -> p.equalsIgnoreCase(provider))) {
      throw new UserException(
          "unknown provider '"
              + dev.tokenscope.report.SafeText.of(provider)
              + "', known: "
              + String.join(", ", known));
    }
    Config config = configOptions.load(null);
    if (in == System.in && System.console() != null) {
      System.err.println(
          "tokenscope: paste the credential, then press Ctrl-D (it is read from standard input, never from the command line)");
    }
    String text;
    try {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException("cannot read standard input: " + e.getMessage());
    }
    Credential credential = credential(text, rules);
    Resolvers resolvers = aws.resolvers(builtIn);
    if (resolvers.forCredential(credential).isEmpty()) {
      throw new UserException("tokenscope has no resolver for " + provider + " credentials yet");
    }
    Grant grant = resolvers.resolve(credential, ResolveContext.of(config));
    Map<RiskCategory, Set<String>> risks =
        PolicySet.bundled().categorize(credential.provider(), grant.permissions());
    if (fmt.equals("json")) {
      out.println(json(credential, grant, risks));
    } else {
      out.print(text(credential, grant, risks));
    }
    out.flush();
    return grant.status() == GrantStatus.UNKNOWN ? ExitCode.ERROR : ExitCode.CLEAN;
  }

  private static void line(StringBuilder s, String label, String value) {
    if (value != null && !value.isBlank()) {
      s.append(label).append(dev.tokenscope.report.SafeText.of(value)).append('\n');
    }
  }

  /** The providers tokenscope can resolve, for a clear error on any other. */
  static List<String> knownProviders(Resolvers resolvers) {
    return resolvers.all().stream()
        .map(dev.tokenscope.resolve.Resolver::provider)
        .distinct()
        .sorted()
        .toList();
  }

  private Credential credential(String text, RuleSet rules) {
    Location where = Location.store("stdin", "-", null);
    if (provider.equalsIgnoreCase("aws")) {
      Optional<Credential> pair = AwsCredentialText.parse(text, where);
      if (pair.isPresent()) {
        return pair.get();
      }
    }
    List<Credential> found =
        new Detector(rules.rules())
            .detect(Chunk.of(text, where)).stream()
                .filter(c -> c.provider().equalsIgnoreCase(provider))
                .toList();
    List<String> distinct = found.stream().map(Credential::fingerprint).distinct().toList();
    if (distinct.isEmpty()) {
      throw new UserException(
          "no "
              + provider
              + " credential found on standard input; pipe it in, e.g. `tokenscope resolve --provider "
              + provider
              + " < file` (never pass it as an argument)");
    }
    if (distinct.size() > 1) {
      throw new UserException(
          "standard input holds "
              + distinct.size()
              + " "
              + provider
              + " credentials; give exactly one (or use `tokenscope scan - --resolve`)");
    }
    return found.get(0);
  }

  static String json(Credential credential, Grant grant, Map<RiskCategory, Set<String>> risks) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode c = root.putObject("credential");
    c.put("provider", credential.provider())
        .put("rule", credential.ruleId())
        .put("fingerprint", credential.fingerprint())
        .put("secret", credential.redacted());
    ObjectNode attributes = c.putObject("attributes");
    credential.attributes().forEach(attributes::put);
    // One credential: its grant in full, every permission listed.
    root.set("grant", JsonReport.grant(grant, Integer.MAX_VALUE));
    ObjectNode r = root.putObject("risks");
    risks.forEach(
        (category, actions) -> {
          ArrayNode list = r.putArray(category.name());
          actions.forEach(list::add);
        });
    return root.toPrettyString();
  }

  static String text(Credential credential, Grant grant, Map<RiskCategory, Set<String>> risks) {
    StringBuilder s = new StringBuilder();
    s.append(credential.provider()).append(" credential ").append(credential.redacted());
    credential.attributes().forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
    s.append(" (").append(credential.fingerprint()).append(")\n");
    s.append("status:     ").append(grant.status());
    if (grant.statusReason() != null) {
      s.append(" - ").append(grant.statusReason());
    }
    s.append('\n');
    if (grant.identity() != null) {
      // Only what the provider told: "principal: null" reads like a finding, not like "not known".
      line(s, "principal:  ", grant.identity().principal());
      line(s, "account:    ", grant.identity().account());
      line(s, "type:       ", grant.identity().tokenType());
      grant
          .identity()
          .details()
          .forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    if (grant.created() != null) {
      s.append("created:    ").append(grant.created()).append('\n');
    }
    if (grant.lastUsed() != null) {
      s.append("last used:  ").append(grant.lastUsed()).append('\n');
    }
    if (grant.expires() != null) {
      s.append("expires:    ").append(grant.expires()).append('\n');
    }
    if (!risks.isEmpty()) {
      s.append("risks:\n");
      risks.forEach(
          (category, actions) -> {
            List<String> shown = new ArrayList<>(actions);
            s.append("  ")
                .append(category)
                .append(": ")
                .append(String.join(", ", shown.subList(0, Math.min(12, shown.size()))));
            if (shown.size() > 12) {
              s.append(", … (").append(shown.size()).append(" actions)");
            }
            s.append('\n');
          });
    }
    Map<Access, Integer> counts = new EnumMap<>(Access.class);
    grant.permissions().forEach(p -> counts.merge(p.access(), 1, Integer::sum));
    s.append("permissions: ")
        .append(grant.permissions().size())
        .append(' ')
        .append(counts)
        .append('\n');
    List<Permission> shown =
        grant.permissions().size() <= LISTED
            ? grant.permissions()
            : AwsAccountListing.compact(grant.permissions()).stream()
                .filter(p -> p.access() == Access.ADMIN)
                .limit(10)
                .toList();
    for (Permission p : shown) {
      s.append("  ")
          .append(
              p.access() == Access.ADMIN && p.action().endsWith("*")
                  ? "every action: "
                  : p.access() + " ")
          .append(p.action())
          .append(" on ")
          .append(p.resource())
          .append(p.conditional() ? " (conditional)" : "")
          .append('\n');
    }
    if (shown.size() < grant.permissions().size()) {
      s.append("  … (")
          .append(grant.permissions().size())
          .append(" permissions in all: use --format json for every one)\n");
    }
    List<String> paths =
        grant.evidence().stream().filter(e -> e.startsWith("escalation path")).toList();
    paths.forEach(p -> s.append(p).append('\n'));
    return s.toString();
  }
}
