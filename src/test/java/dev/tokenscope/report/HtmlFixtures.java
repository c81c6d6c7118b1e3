package dev.tokenscope.report;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Finding;
import dev.tokenscope.model.FindingKind;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Permission;
import dev.tokenscope.model.Secret;
import dev.tokenscope.model.Severity;
import dev.tokenscope.pipeline.ScanResult;
import dev.tokenscope.source.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An audit's result: a Railway account token that can wipe production, a GitHub PAT, an AWS key.
 */
final class HtmlFixtures {
  static final String RAILWAY = "3f6c2b1e-8d4a-4f0b-9c7e-5a1d2e3f4b6c";
  static final String GITHUB = "ghp_R7aQk2Lm9Xc4Vb8Nz1Ws5Ey3Tu6Io0Pa2Sd4";
  static final String AWS = "AKIAQYLPMN5HHHFPZAM2";

  private HtmlFixtures() {}

  static ScanResult result() {
    Credential railway =
        Credential.found(
            "railway.token",
            "railway",
            new Secret(RAILWAY),
            Map.of(),
            List.of(Location.file("infra/domains.env").at(3, 14)));
    Grant railwayGrant =
        new Grant(
            new Identity("railway", "ops@example.com", "acme-workspace", "account", Map.of()),
            List.of("production", "staging"),
            List.of(
                Permission.of("volumeDelete", "*", Access.DELETE),
                Permission.of("backupDelete", "*", Access.DELETE)),
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            null,
            List.of());
    Credential github =
        Credential.found(
            "github.classic-pat",
            "github",
            new Secret(GITHUB),
            Map.of(),
            List.of(
                new Location(
                    "git",
                    "ci/<script>alert(1)</script>.yml",
                    7,
                    1,
                    "a1b2c3d4e5f6a7b8",
                    "Dev",
                    Instant.parse("2025-03-04T05:06:07Z"),
                    null)));
    Grant githubGrant =
        new Grant(
            new Identity("github", "deploy-bot", "acme", "classic-pat", Map.of()),
            List.of(),
            List.of(Permission.of("admin:org", "acme", Access.ADMIN)),
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            null,
            List.of());
    Credential aws =
        Credential.found(
            "aws.access-key-id",
            "aws",
            new Secret(AWS),
            Map.of(),
            List.of(Location.file("README.md").at(40, 1)));
    return new ScanResult(
        List.of(
            Finding.of(
                FindingKind.DESTRUCTIVE,
                Severity.CRITICAL,
                railway,
                railwayGrant,
                "Can delete volumes and their backups in production.",
                List.of("volumeDelete", "backupDelete")),
            Finding.of(
                FindingKind.EXPOSED,
                Severity.HIGH,
                railway,
                railwayGrant,
                "Plaintext railway credential.",
                List.of()),
            Finding.of(
                FindingKind.PRIVILEGE_ESCALATION,
                Severity.HIGH,
                github,
                githubGrant,
                "Can change organisation membership.",
                List.of("admin:org")),
            Finding.of(
                FindingKind.EXPOSED,
                Severity.MEDIUM,
                aws,
                null,
                "Plaintext aws credential.",
                List.of())),
        new ScanResult.Stats(120, 300, 4_500_000, 2, 1.5),
        List.of(new Problem("vendor/broken.bin", "cannot read: AccessDeniedException")));
  }

  /**
   * A result shaped like the incident and the AWS example: one credential with seven risks, long
   * reasons with backticked places, a deep path found in many commits, and twenty more tokens.
   */
  static ScanResult crowded() {
    List<Location> places = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      places.add(
          new Location(
              "git",
              "services/payments/deploy/environments/production/overrides/config-" + i + ".env",
              3 + i,
              19,
              "0123456789abcdef0123456789abcdef0123456" + (i % 10),
              "Sam Rivera",
              Instant.parse("2025-0" + (1 + i % 9) + "-04T05:06:07Z"),
              null));
    }
    Credential railway =
        Credential.found("railway.api-token", "railway", new Secret(RAILWAY), Map.of(), places);
    Grant grant =
        new Grant(
            new Identity("railway", "sam@acme.example", "acme", "account", Map.of()),
            List.of("production", "staging", "development"),
            List.of(Permission.of("volumeDelete", "*", Access.DELETE)),
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            null,
            List.of());
    List<Finding> findings = new java.util.ArrayList<>();
    String where = "`" + places.get(0).path() + ":3`";
    for (FindingKind kind :
        List.of(
            FindingKind.DESTRUCTIVE,
            FindingKind.EXPOSED,
            FindingKind.OVER_PRIVILEGED,
            FindingKind.CREDENTIAL_EXPOSURE,
            FindingKind.PRIVILEGE_ESCALATION,
            FindingKind.MISPLACED,
            FindingKind.LONG_LIVED)) {
      findings.add(
          Finding.of(
              kind,
              kind == FindingKind.LONG_LIVED ? Severity.LOW : Severity.CRITICAL,
              railway,
              grant,
              "Railway account token in "
                  + where
                  + " can delete volumes, services, environments, projects and their backups in"
                  + " workspace acme (production); its declared purpose needs only"
                  + " customDomainCreate, customDomainDelete.",
              List.of(
                  "BACKUP_DESTRUCTIVE: volumeDelete, volumeInstanceBackupDelete,"
                      + " volumeInstanceBackupScheduleUpdate",
                  "DESTRUCTIVE: projectDelete, serviceDelete, environmentDelete")));
    }
    for (int i = 0; i < 20; i++) {
      String key = "AKIAQYLPMN5HHHFPZA" + (char) ('A' + i) + "2";
      Credential aws =
          Credential.found(
              "aws.access-key-id",
              "aws",
              new Secret(key),
              Map.of(),
              List.of(
                  Location.file("infrastructure/terraform/modules/iam/users/ci-" + i + ".tfvars")
                      .at(12, 7)));
      findings.add(
          Finding.of(
              FindingKind.EXPOSED,
              Severity.HIGH,
              aws,
              null,
              "Plaintext AWS access key in `infrastructure/terraform/modules/iam/users/ci-"
                  + i
                  + ".tfvars:12` (aws.access-key-id): revoke or rotate it.",
              List.of()));
    }
    return new ScanResult(findings, new ScanResult.Stats(120, 300, 4_500_000, 2, 1.5), List.of());
  }
}
