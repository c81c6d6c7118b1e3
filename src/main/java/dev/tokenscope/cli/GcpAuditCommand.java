package dev.tokenscope.cli;

import com.google.auth.oauth2.GoogleCredentials;
import dev.tokenscope.assess.Assessor;
import dev.tokenscope.config.Config;
import dev.tokenscope.detect.Detector;
import dev.tokenscope.pipeline.Pipeline;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolvers;
import dev.tokenscope.resolve.gcp.GcpAuditResult;
import dev.tokenscope.resolve.gcp.GcpLiveAudit;
import dev.tokenscope.resolve.gcp.GcpSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenscope audit gcp}: every service account of a project or organization, its
 * user-managed keys, role bindings and impersonators, live (the auditor's Application Default
 * Credentials) or from a folder of {@code gcloud} exports.
 */
@Command(
    name = "gcp",
    mixinStandardHelpOptions = true,
    description = {
      "Audit Google Cloud service accounts and their user-managed keys: role bindings (project, folder, organization),"
          + " permissions, key age and expiry, and who may impersonate each account.",
      "Live with --project/--organization (read-only calls with your Application Default Credentials),"
          + " or offline with --snapshot DIR (gcloud JSON exports, see docs/gcp.md)."
    },
    footer = ExitCode.HELP)
final class GcpAuditCommand implements Callable<Integer> {
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  @Option(
      names = "--project",
      paramLabel = "PROJECT_ID",
      description = "project to audit (repeatable)")
  List<String> projects = new ArrayList<>();

  @Option(
      names = "--organization",
      paramLabel = "ORG_ID",
      description = "audit every project under this organization (numeric id)")
  String organization;

  @Option(
      names = "--snapshot",
      paramLabel = "DIR",
      description = "read gcloud JSON exports from DIR instead of calling Google")
  Path snapshot;

  @Option(
      names = "--access-token-file",
      paramLabel = "FILE",
      description =
          "read the access token from FILE (e.g. gcloud auth print-access-token > FILE) instead of Application Default Credentials")
  Path accessTokenFile;

  @Mixin ConfigOptions configOptions;

  @Mixin OutputOptions output;

  @Mixin AssessOptions assess;

  @Override
  public Integer call() {
    for (String project : projects) {
      if (!project.matches("[a-z][a-z0-9-]{4,61}[a-z0-9]")) {
        throw new UserException(
            "--project '"
                + project
                + "' is not a project id (6-63 lower-case letters, digits, hyphens; e.g. shop-prod)");
      }
    }
    if (organization != null && !organization.matches("[0-9]{1,20}")) {
      throw new UserException(
          "--organization '"
              + organization
              + "' is not an organization id: give the number (gcloud organizations list)");
    }
    Config loaded = configOptions.load(null);
    return assess.withReplay(loaded, config -> audit(config, assess.resolveContext(config)));
  }

  private int audit(Config config, ResolveContext context) {
    GcpAuditResult audit;
    if (snapshot != null) {
      if (organization != null) {
        throw new UserException(
            "--snapshot reads one exported project; --organization works only live");
      }
      if (projects.size() > 1) {
        throw new UserException(
            "--snapshot reads one exported project; give at most one --project");
      }
      audit =
          GcpSnapshot.read(
              snapshot, projects.isEmpty() ? null : projects.get(0), context.clock().instant());
    } else {
      if (projects.isEmpty() && organization == null) {
        throw new UserException(
            "nothing to audit: give --project PROJECT_ID, --organization ORG_ID or --snapshot DIR");
      }
      audit = GcpLiveAudit.run(context, accessToken(), projects, organization);
    }
    output.targets = targets();
    Assessor assessor = assess.assessor(config, Map.of());
    Pipeline pipeline =
        new Pipeline(
            new Detector(List.of()),
            config,
            assessor,
            new Resolvers(List.of(audit.resolver())),
            context);
    ScanResult result = pipeline.run(List.of(audit.source()), audit.problems());
    if (!output.quiet) {
      System.err.printf(
          "tokenscope: %d service-account keys and impersonable accounts audited, %d problems%n",
          audit.credentials().size(), audit.problems().size());
    }
    return output.emit(result, config.failOn(), System.out);
  }

  /** What the audit read, for the report's header: the exported folder, or the projects. */
  private List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (snapshot != null) {
      targets.add(
          "gcp snapshot " + snapshot + (projects.isEmpty() ? "" : " (" + projects.get(0) + ")"));
    } else {
      String recorded = assess.replay == null ? "" : " (answers recorded in " + assess.replay + ")";
      projects.forEach(p -> targets.add("gcp project " + p + recorded));
      if (organization != null) {
        targets.add("gcp organization " + organization + recorded);
      }
    }
    return targets;
  }

  private String accessToken() {
    if (accessTokenFile != null) {
      try {
        String token = Files.readString(accessTokenFile).trim();
        if (token.isEmpty()) {
          throw new UserException(
              accessTokenFile
                  + " is empty: write an access token into it (gcloud auth print-access-token > "
                  + accessTokenFile
                  + ")");
        }
        return token;
      } catch (IOException e) {
        throw new UserException(
            "cannot read --access-token-file " + accessTokenFile + ": " + e.getMessage());
      }
    }
    try {
      GoogleCredentials credentials =
          GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
      credentials.refreshIfExpired();
      if (credentials.getAccessToken() == null) {
        throw new IOException("the credentials gave no access token");
      }
      return credentials.getAccessToken().getTokenValue();
    } catch (IOException e) {
      throw new UserException(
          "no usable Application Default Credentials ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): run 'gcloud auth application-default login',"
              + " set GOOGLE_APPLICATION_CREDENTIALS, or pass --access-token-file");
    }
  }
}
