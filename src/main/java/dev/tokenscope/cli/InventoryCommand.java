package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenscope.assess.Inventory;
import dev.tokenscope.assess.InventoryException;
import dev.tokenscope.assess.InventoryProblem;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenscope inventory}: write a draft token inventory from a scan, or check one. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description =
        "Work with the team's token inventory (tokens.yaml): 'init' drafts one from a scan, 'check' validates one.",
    subcommands = {InventoryCommand.Init.class, InventoryCommand.Check.class})
final class InventoryCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Scan PATHs like 'scan' and write a draft inventory: one entry per credential found, with its fingerprint, provider,"
              + " TODO owner and purpose, and an empty 'allow' (with --resolve, the permissions it has today are listed"
              + " beside it for review). 'inventory check' fails until every TODO is filled. With --merge FILE, only"
              + " credentials FILE does not declare yet are appended to it.",
      footer = ExitCode.HELP_NO_FINDINGS)
  static final class Init implements Callable<Integer> {
    @Parameters(
        paramLabel = "PATH",
        arity = "1..*",
        description = "files or folders to scan; - reads standard input")
    List<String> paths = new ArrayList<>();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "write the draft to FILE (refuses to overwrite) instead of standard output")
    Path output;

    @Option(
        names = "--merge",
        paramLabel = "FILE",
        description =
            "append the credentials this inventory does not declare yet to it (by fingerprint), keeping its entries as they are")
    Path merge;

    @Mixin ConfigOptions configOptions;

    @Mixin RulesOptions rulesOptions;

    @Option(
        names = "--resolve",
        description =
            "resolve each credential (read-only calls to its own provider) and pre-fill 'allow' and 'environments'")
    boolean resolve;

    @Option(
        names = "--replay",
        paramLabel = "DIR",
        description = "answer provider calls from recorded responses in DIR; implies --resolve")
    Path replay;

    @Override
    public Integer call() {
      Config loaded = configOptions.load(ScanCommand.firstPath(paths));
      // A draft starts from nothing: an inventory named in the config must not hide tokens from it.
      Config config =
          new Config(
              loaded.allow(),
              loaded.failOn(),
              loaded.providers(),
              loaded.database(),
              null,
              loaded.assess());
      RuleSet rules = rulesOptions.load();
      List<Problem> problems = ScanCommand.ruleProblems(rules);
      List<Source> sources = new ArrayList<>();
      List<Path> files = ScanCommand.splitPaths(paths, sources);
      if (!files.isEmpty()) {
        sources.add(new FileSource(files, FileSource.DEFAULT_MAX_BYTES));
      }
      Map<String, Severity> severities = Pipeline.ruleSeverities(rules.rules());
      AssessOptions assess = new AssessOptions();
      assess.replay = replay;
      ScanResult result =
          assess.scan(
              Detector.of(rules),
              config,
              severities,
              resolve,
              rulesOptions.resolvers(rules),
              pipeline -> pipeline.run(sources, problems));
      if (merge != null) {
        return merge(result);
      }
      String draft = draft(result);
      if (output == null) {
        System.out.print(draft);
      } else {
        if (Files.exists(output)) {
          throw new UserException(
              output + " already exists: choose another --output or remove it first");
        }
        try {
          Files.writeString(output, draft, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UserException("cannot write " + output + ": " + e.getMessage());
        }
      }
      result.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
      System.err.println("tokenscope: " + count(result) + " token(s) in the draft");
      return result.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.ERROR;
    }

    /**
     * Appends entries for the credentials {@code merge} does not declare, numbering after its ids.
     */
    private int merge(ScanResult result) {
      Inventory existing;
      try {
        existing = Inventory.load(merge);
      } catch (InventoryException e) {
        throw new UserException(
            "cannot merge into "
                + merge
                + ": fix it first ('tokenscope inventory check "
                + merge
                + "'):\n"
                + e.getMessage());
      }
      Set<String> declared = new java.util.HashSet<>();
      Set<String> ids = new java.util.HashSet<>();
      for (var entry : existing.entries()) {
        ids.add(entry.id());
        if (entry.match() != null && entry.match().fingerprint() != null) {
          declared.add(entry.match().fingerprint());
        }
      }
      List<Finding> fresh =
          result.findings().stream()
              .filter(f -> !declared.contains(f.credential().fingerprint()))
              .toList();
      String entries = entries(fresh, ids);
      try {
        String text = Files.readString(merge, StandardCharsets.UTF_8);
        if (!entries.isEmpty()) {
          String body = text.replaceFirst("(?m)^tokens:\\s*\\[\\s*\\]\\s*$", "tokens:");
          Files.writeString(
              merge, body + (body.endsWith("\n") ? "" : "\n") + entries, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UserException("cannot update " + merge + ": " + e.getMessage());
      }
      result.problems().forEach(p -> System.err.println("tokenscope: error: " + p));
      int added = (int) fresh.stream().map(f -> f.credential().fingerprint()).distinct().count();
      System.err.println(
          "tokenscope: "
              + added
              + " new token(s) appended to "
              + merge
              + (added > 0 ? ": fill in their TODOs, then run 'tokenscope inventory check'" : ""));
      return result.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.ERROR;
    }

    private static int count(ScanResult result) {
      return (int)
          result.findings().stream().map(f -> f.credential().fingerprint()).distinct().count();
    }

    /** The draft inventory as YAML, with comments saying what to fill in. */
    static String draft(ScanResult result) {
      Map<String, Finding> byCredential = new LinkedHashMap<>();
      for (Finding finding : result.findings()) {
        byCredential.putIfAbsent(finding.credential().fingerprint(), finding);
      }
      StringBuilder out = new StringBuilder();
      out.append("# Draft token inventory written by 'tokenscope inventory init' on ")
          .append(LocalDate.now(ZoneOffset.UTC))
          .append(
              ".\n# For each token: name its owner, say what it is for, trim 'allow' to the permissions that purpose needs\n")
          .append(
              "# and 'environments' to where it should reach; then run 'tokenscope inventory check' on this file.\n")
          .append("# Format: schemas/tokens.schema.json\nversion: 1\ntokens:\n");
      String entries = entries(result.findings(), Set.of());
      if (entries.isEmpty()) {
        out.setLength(out.length() - 1);
        out.append(" []\n");
      }
      return out.append(entries).toString();
    }

    /**
     * One draft entry per credential, ids numbered per provider past the ones {@code taken}. Owner
     * and purpose are TODOs that 'inventory check' refuses; 'allow' starts empty, so nothing the
     * credential can do is silently accepted, with what it can do today listed beside it.
     */
    static String entries(List<Finding> findings, Set<String> taken) {
      Map<String, Finding> byCredential = new LinkedHashMap<>();
      for (Finding finding : findings) {
        byCredential.putIfAbsent(finding.credential().fingerprint(), finding);
      }
      StringBuilder out = new StringBuilder();
      Map<String, Integer> numbers = new HashMap<>();
      for (Finding finding : byCredential.values()) {
        Credential credential = finding.credential();
        Grant grant = finding.grant();
        int n = numbers.merge(credential.provider(), 1, Integer::sum);
        while (taken.contains(credential.provider() + "-" + n)) {
          n = numbers.merge(credential.provider(), 1, Integer::sum);
        }
        out.append("  - id: ").append(credential.provider()).append('-').append(n).append('\n');
        out.append("    provider: ").append(quote(credential.provider())).append('\n');
        out.append("    match:\n      fingerprint: ")
            .append(quote(credential.fingerprint()))
            .append('\n');
        if (credential.attribute("id") != null && credential.provider().equals("aws")) {
          out.append("      aws_access_key_id: ")
              .append(quote(credential.attribute("id")))
              .append('\n');
        }
        if (credential.attribute("private_key_id") != null) {
          out.append("      gcp_key_id: ")
              .append(quote(credential.attribute("private_key_id")))
              .append('\n');
        }
        out.append("    owner: \"TODO: person or team answerable for it\"\n");
        out.append("    purpose: \"TODO: what it is for\"\n");
        boolean resolved = grant != null && grant.status() == GrantStatus.ACTIVE;
        if (resolved) {
          if (grant.identity() != null && grant.identity().principal() != null) {
            out.append("    # resolved: ")
                .append(
                    grant.identity().tokenType() == null
                        ? ""
                        : grant.identity().tokenType() + " token of ")
                .append(grant.identity().principal().replace('\n', ' '))
                .append('\n');
          }
          out.append("    environments: ").append(flow(grant.environments())).append('\n');
          Set<String> actions = new LinkedHashSet<>();
          grant.permissions().stream().map(Permission::action).forEach(actions::add);
          out.append(
              "    # TODO review: 'allow' is empty, so everything it can do is reported as over-privileged until\n"
                  + "    # you list what its purpose needs. What it can do today:\n");
          for (String action : actions) {
            out.append("    #   - ").append(quote(action)).append('\n');
          }
          out.append("    allow: []\n");
        } else if (grant != null) {
          out.append("    # not resolved: ")
              .append(grant.status().name().toLowerCase(Locale.ROOT))
              .append(
                  grant.statusReason() == null
                      ? ""
                      : " (" + grant.statusReason().replace('\n', ' ') + ")")
              .append('\n');
        } else {
          out.append("    # run with --resolve to pre-fill 'allow' and 'environments'\n");
        }
        out.append(
            "    stored_in: []  # where it should live, e.g. \"vault:secret/ci/*\"; found at:\n");
        for (Location location : credential.locations()) {
          out.append("    #   ")
              .append(location.source())
              .append(':')
              .append(dev.tokenscope.report.SafeText.of(location.display()))
              .append('\n');
        }
      }
      return out.toString();
    }

    private static String flow(List<String> items) {
      List<String> quoted = items.stream().map(InventoryCommand::quote).toList();
      return "[" + String.join(", ", quoted) + "]";
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validate an inventory against schemas/tokens.schema.json: every problem with its line, and every TODO an"
              + " 'inventory init' draft left unfilled.",
      footer = {
        "%nExit codes:%n",
        "  0  valid, and no TODO left%n",
        "  1  not valid, or still a draft%n",
        "  2  the file cannot be read%n"
      })
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the inventory, e.g. tokens.yaml")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text)")
    String format = "text";

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such file");
      }
      boolean json =
          switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default ->
                throw new UserException("unknown --format '" + format + "': use text or json");
          };
      List<InventoryProblem> problems = new ArrayList<>();
      int tokens = 0;
      try {
        tokens = Inventory.load(file).entries().size();
      } catch (InventoryException e) {
        problems.addAll(e.problems());
      }
      problems.addAll(todos(file));
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("file", file.toString()).put("valid", problems.isEmpty()).put("tokens", tokens);
        ArrayNode list = root.putArray("problems");
        problems.forEach(p -> list.addObject().put("line", p.line()).put("message", p.message()));
        System.out.println(root.toPrettyString());
      } else if (problems.isEmpty()) {
        System.out.println(file + ": valid, " + tokens + " token" + (tokens == 1 ? "" : "s"));
      } else if (problems.stream().allMatch(p -> p.message().startsWith(DRAFT))) {
        problems.forEach(p -> System.out.println(p));
        System.out.println(
            file
                + " is still a draft: "
                + problems.size()
                + " TODO"
                + (problems.size() == 1 ? "" : "s")
                + " to fill in");
      } else {
        problems.forEach(p -> System.out.println(p));
        System.out.println(
            problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + file);
      }
      return problems.isEmpty() ? ExitCode.CLEAN : ExitCode.FINDINGS;
    }

    static final String DRAFT = "draft: ";

    private static final java.util.regex.Pattern TODO_VALUE =
        java.util.regex.Pattern.compile("^\\s*(?:-\\s+)?([a-z_]+):\\s*[\"']?TODO\\b");

    /** The draft's TODO values still in the file: owner and purpose that nobody filled in. */
    static List<InventoryProblem> todos(Path file) {
      List<InventoryProblem> todos = new ArrayList<>();
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return todos;
      }
      for (int i = 0; i < lines.size(); i++) {
        java.util.regex.Matcher m = TODO_VALUE.matcher(lines.get(i));
        if (m.find()) {
          todos.add(
              new InventoryProblem(
                  file.toString(),
                  i + 1,
                  DRAFT + "'" + m.group(1) + "' is still the draft's TODO: fill it in"));
        }
      }
      return todos;
    }
  }

  /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
  static String quote(String text) {
    try {
      return new ObjectMapper().writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
