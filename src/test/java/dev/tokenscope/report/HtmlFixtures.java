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
}
