package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.config.Config;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssessorTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final PolicySet POLICIES =
      PolicySet.load(Path.of("src/test/resources/assess/policies"));
  private static final String TOKEN = InventoryTest.TOKEN;
  private static final String FP = "fp:5036ea55c4091829c4fad086e4e273d5";

  private static Credential railway(String path) {
    return Credential.found(
        "railway.api-token",
        "railway",
        new Secret(TOKEN),
        Map.of(),
        List.of(Location.file(path).at(3, 19)));
  }

  private static Credential cloud(Location where) {
    return Credential.found(
        "cloud.key", "cloud", new Secret("cloud_key_Zx81Lm2Qp0Rt5Vw9"), Map.of(), List.of(where));
  }

  private static Grant grant(String type, List<String> envs, List<Permission> permissions) {
    return new Grant(
        new Identity("railway", "sam@acme.example", "acme", type, Map.of()),
        envs,
        permissions,
        null,
        null,
        null,
        GrantStatus.ACTIVE,
        null,
        List.of());
  }

  private static Grant life(Instant created, Instant expires, Instant lastUsed) {
    return new Grant(
        new Identity("cloud", "svc", "acct-1", "key", Map.of()),
        List.of(),
        List.of(Permission.of("db:Read", "*", Access.READ)),
        created,
        expires,
        lastUsed,
        GrantStatus.ACTIVE,
        null,
        List.of());
  }

  /** What the Railway resolver reports for an account token reaching acme/shop/production. */
  private static Grant accountGrant() {
    return grant(
        "account",
        List.of("production"),
        List.of(
            Permission.of("customDomainCreate", "acme/shop/production", Access.WRITE),
            Permission.of("customDomainDelete", "acme/shop/production", Access.DELETE),
            Permission.of("variables", "acme/shop/production", Access.READ),
            Permission.of("volumeDelete", "acme/shop/production", Access.DELETE),
            Permission.of("volumeInstanceBackupDelete", "acme/shop/production", Access.DELETE),
            Permission.of("serviceDelete", "acme/shop/production", Access.DELETE),
            Permission.of("projectDelete", "acme/shop", Access.DELETE),
            Permission.of("apiTokenCreate", "*", Access.PERMISSIONS)));
  }

  private static Grant projectGrant(String env) {
    return grant(
        "project",
        List.of(env),
        List.of(
            Permission.of("serviceInstanceDeployV2", "shop/" + env, Access.WRITE),
            Permission.of("variableUpsert", "shop/" + env, Access.WRITE)));
  }

  private static Assessor assessor(String inventoryYaml) throws Exception {
    return assessor(inventoryYaml, Config.empty());
  }

  private static Assessor assessor(String inventoryYaml, Config config) throws Exception {
    Inventory inventory =
        inventoryYaml == null ? Inventory.none() : Inventory.parse("tokens.yaml", inventoryYaml);
    return new Assessor(
        POLICIES, inventory, AssessSettings.of(config, Clock.fixed(NOW, ZoneOffset.UTC)), Map.of());
  }

  private static String entry(String extra) {
    return "tokens:\n  - id: railway-domains\n    provider: railway\n    match: {fingerprint: \""
        + FP
        + "\"}\n"
        + extra;
  }

  private static Optional<Finding> kind(List<Finding> findings, FindingKind kind) {
    return findings.stream().filter(f -> f.kind() == kind).findFirst();
  }

  // EXPOSED

  @Test
  void plaintextTokenInAFileIsExposed() throws Exception {
    List<Finding> findings = assessor(null).assess(railway("deploy/domains.env"), null);
    assertThat(kind(findings, FindingKind.EXPOSED))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("`deploy/domains.env:3`"));
  }

  /** A generic rule's credential has no provider to name: not "Plaintext Http credential". */
  @Test
  void aGenericCredentialIsWordedWithoutAProviderName() throws Exception {
    Credential password =
        Credential.found(
            "generic.password-assignment",
            "http",
            new Secret("Zx81Lm2Qp0Rt5Vw9Yt"),
            Map.of(),
            List.of(Location.file("app/settings.py").at(4, 12)));
    assertThat(kind(assessor(null).assess(password, null), FindingKind.EXPOSED))
        .get()
        .satisfies(
            f ->
                assertThat(f.reason())
                    .startsWith("Plaintext credential in `app/settings.py:4`")
                    .doesNotContain("Http"));
  }

  /**
   * A JWT past its own exp claim no longer authenticates: low, as a token its provider rejects,
   * with its date.
   */
  @Test
  void aTokenPastItsOwnExpiryIsLowAndOneBeforeItIsNot() throws Exception {
    Credential expired = jwt("2017-07-14T03:40:00Z");
    Credential current = jwt(NOW.plusSeconds(3600).toString());

    Finding old = kind(assessor(null).assess(expired, null), FindingKind.EXPOSED).orElseThrow();
    Finding live = kind(assessor(null).assess(current, null), FindingKind.EXPOSED).orElseThrow();

    assertThat(old.severity()).isEqualTo(Severity.LOW);
    assertThat(old.reason())
        .startsWith("Plaintext JWT credential in `tests/test_client.py:1`")
        .contains("expired on 2017-07-14");
    assertThat(live.severity()).isGreaterThan(Severity.LOW);
    assertThat(live.reason()).doesNotContain("expired");
  }

  /** Expiry lowers a finding to low, never raises one: a test's named vector stays information. */
  @Test
  void anExpiredTestVectorStaysInformation() throws Exception {
    Credential base = jwt("2017-07-14T03:40:00Z");
    Credential vector =
        Credential.found(
            base.ruleId(),
            base.provider(),
            base.secret(),
            Map.of(
                Credential.EXPIRES,
                "2017-07-14T03:40:00Z",
                Credential.CONTEXT,
                dev.tokenscope.detect.TestVectors.VALUE),
            base.locations());

    Finding f = kind(assessor(null).assess(vector, null), FindingKind.EXPOSED).orElseThrow();

    assertThat(f.severity()).isEqualTo(Severity.INFO);
  }

  /**
   * A stand-in (a value typed to look like a key) is shown as information with the pattern it
   * matched; a provider that says the same value is live wins.
   */
  @Test
  void aTypedStandInIsInformationUnlessTheProviderSaysItIsLive() throws Exception {
    Credential typed =
        Credential.found(
            "stripe.secret-key",
            "stripe",
            new Secret("sk_live_1234567890qWeRtYuIoPaSdF"),
            Map.of(dev.tokenscope.detect.Placeholders.ATTRIBUTE, "sequence"),
            List.of(Location.file("README.md").at(3, 12)));

    Finding shown = kind(assessor(null).assess(typed, null), FindingKind.EXPOSED).orElseThrow();
    Finding live =
        kind(
                assessor(null).assess(typed, life(NOW.minusSeconds(86_400), null, null)),
                FindingKind.EXPOSED)
            .orElseThrow();

    assertThat(shown.severity()).isEqualTo(Severity.INFO);
    assertThat(shown.reason())
        .contains("`README.md:3`")
        .contains("typed by hand")
        .contains("sequence");
    assertThat(live.severity()).isNotEqualTo(Severity.INFO);
    assertThat(live.reason()).doesNotContain("typed by hand");
  }

  /** A password that repeats its user name is information, and the reason says why. */
  @Test
  void aPasswordThatRepeatsItsUserNameIsInformationThatSaysSo() throws Exception {
    Credential same =
        Credential.found(
            "postgresql.connection-string",
            "postgresql",
            new Secret("readonly"),
            Map.of(
                "user",
                "readonly",
                dev.tokenscope.detect.Placeholders.ATTRIBUTE,
                dev.tokenscope.detect.Placeholders.SAME_AS_USER),
            List.of(Location.file("mcp.json").at(7, 40)));

    Finding shown = kind(assessor(null).assess(same, null), FindingKind.EXPOSED).orElseThrow();

    assertThat(shown.severity()).isEqualTo(Severity.INFO);
    assertThat(shown.reason()).contains("repeats its user name").doesNotContain("typed by hand");
  }

  /**
   * A CI job's own service container's password is information, and the reason says whose it is;
   * without that context the same password is a high finding.
   */
  @Test
  void aCiServiceContainersPasswordIsInformationThatSaysWhoseItIs() throws Exception {
    Location workflow = Location.file(".github/workflows/ci.yml").at(9, 30);
    Credential container =
        Credential.found(
            "postgresql.connection-string",
            "postgresql",
            new Secret("Hq4vRz8TnW2xLp7K"),
            Map.of(Credential.CONTEXT, dev.tokenscope.detect.CiServices.VALUE),
            List.of(workflow));
    Credential plain =
        Credential.found(
            "postgresql.connection-string",
            "postgresql",
            new Secret("Hq4vRz8TnW2xLp7K"),
            Map.of(),
            List.of(workflow));

    Finding shown = kind(assessor(null).assess(container, null), FindingKind.EXPOSED).orElseThrow();
    Finding real = kind(assessor(null).assess(plain, null), FindingKind.EXPOSED).orElseThrow();

    assertThat(shown.severity()).isEqualTo(Severity.INFO);
    assertThat(shown.reason()).contains("service container the CI job starts for itself");
    assertThat(real.severity()).isNotEqualTo(Severity.INFO);
  }

  private static Credential jwt(String expires) {
    return Credential.found(
        "jwt.token",
        "jwt",
        new Secret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMifQ.Qz7vL2nT9xR4mWkP3aB6cD8eF1gH5iJ0zQ8"),
        Map.of(Credential.EXPIRES, expires),
        List.of(Location.file("tests/test_client.py").at(1, 11)));
  }

  @Test
  void tokenReadFromASecretStoreIsNotExposed() throws Exception {
    Credential stored = cloud(Location.store("vault", "secret/ci/cloud", "3"));
    assertThat(kind(assessor(null).assess(stored, null), FindingKind.EXPOSED)).isEmpty();
  }

  @Test
  void revokedTokenIsExposedAtLowSeverityAndJudgedOnNothingElse() throws Exception {
    Grant revoked =
        Grant.unresolved(
            new Identity("railway", null, null, null, Map.of()),
            GrantStatus.REVOKED,
            "Not Authorized");
    List<Finding> findings =
        assessor(entry("    allow: [customDomainCreate]\n"))
            .assess(railway("deploy/domains.env"), revoked);
    assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.EXPOSED);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.LOW);
  }

  // UNKNOWN_TOKEN

  @Test
  void withoutInventoryAPlaintextTokenIsReportedExposedNotAlsoUnknown() throws Exception {
    List<Finding> findings = assessor(null).assess(railway("a.env"), null);
    assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.EXPOSED);
  }

  @Test
  void withoutInventoryATokenFoundInAStoreIsUnknown() throws Exception {
    Credential stored =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret(TOKEN),
            Map.of(),
            List.of(Location.store("vault", "secret/data/deploy", "3")));
    assertThat(kind(assessor(null).assess(stored, null), FindingKind.UNKNOWN_TOKEN))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("in no token inventory"));
    assertThat(kind(assessor(null).assess(stored, null), FindingKind.EXPOSED)).isEmpty();
  }

  @Test
  void declaredTokenIsNotUnknownButAnUndeclaredOneIs() throws Exception {
    Assessor assessor = assessor(entry(""));
    assertThat(kind(assessor.assess(railway("a.env"), null), FindingKind.UNKNOWN_TOKEN)).isEmpty();
    Credential other =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret("0f9c2d71-8e3a-4b6f-a1d5-93c07e2b8f16"),
            Map.of(),
            List.of());
    assertThat(kind(assessor.assess(other, null), FindingKind.UNKNOWN_TOKEN))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("not declared in tokens.yaml"));
  }

  // DESTRUCTIVE

  @Test
  void tokenThatCanDeleteVolumesAndBackupsIsCriticallyDestructive() throws Exception {
    List<Finding> findings =
        assessor(entry("    allow: [customDomainCreate, customDomainDelete]\n"))
            .assess(railway("deploy/domains.env"), accountGrant());
    Finding destructive = kind(findings, FindingKind.DESTRUCTIVE).orElseThrow();
    assertThat(destructive.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(destructive.reason())
        .isEqualTo(
            "Railway account token in `deploy/domains.env:3` can delete volumes, services, projects and their backups in workspace acme (production);"
                + " its declared purpose needs only customDomainCreate, customDomainDelete.");
    assertThat(destructive.evidence()).contains("volumeDelete on acme/shop/production");
  }

  @Test
  void deletingDataWithoutBackupsIsHighNotCritical() throws Exception {
    Grant grant =
        grant(
            "account",
            List.of("production"),
            List.of(Permission.of("serviceDelete", "acme/shop/production", Access.DELETE)));
    Finding destructive =
        kind(assessor(null).assess(railway("a.env"), grant), FindingKind.DESTRUCTIVE).orElseThrow();
    assertThat(destructive.severity()).isEqualTo(Severity.HIGH);
    assertThat(destructive.reason())
        .contains("can delete services in workspace acme")
        .doesNotContain("backups");
  }

  @Test
  void projectTokenThatCanOnlyDeployIsNotDestructive() throws Exception {
    assertThat(
            kind(
                assessor(null).assess(railway("a.env"), projectGrant("production")),
                FindingKind.DESTRUCTIVE))
        .isEmpty();
  }

  // PRIVILEGE_ESCALATION, CREDENTIAL_EXPOSURE, ADMIN_EQUIVALENT

  @Test
  void riskPoliciesGiveTheirCategoryFindings() throws Exception {
    Grant grant =
        new Grant(
            new Identity("cloud", "svc", "acct-1", "key", Map.of()),
            List.of(),
            List.of(
                Permission.of("cloud:Admin", "*", Access.ADMIN),
                Permission.of("iam:AttachPolicy", "*", Access.PERMISSIONS),
                Permission.of("secrets:GetValue", "*", Access.READ)),
            null,
            NOW.plus(30, ChronoUnit.DAYS),
            null,
            GrantStatus.ACTIVE,
            null,
            List.of());
    List<Finding> findings = assessor(null).assess(cloud(Location.file("app.env")), grant);
    assertThat(kind(findings, FindingKind.ADMIN_EQUIVALENT))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
    assertThat(kind(findings, FindingKind.PRIVILEGE_ESCALATION))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("iam:AttachPolicy"));
    assertThat(kind(findings, FindingKind.CREDENTIAL_EXPOSURE))
        .get()
        .satisfies(f -> assertThat(f.evidence()).contains("CREDENTIAL_EXPOSURE: secrets:GetValue"));
  }

  @Test
  void readOnlyGrantFallsInNoRiskCategory() throws Exception {
    List<Finding> findings =
        assessor(null)
            .assess(
                cloud(Location.file("app.env")), life(null, NOW.plus(30, ChronoUnit.DAYS), NOW));
    assertThat(findings)
        .extracting(Finding::kind)
        .doesNotContain(
            FindingKind.ADMIN_EQUIVALENT,
            FindingKind.PRIVILEGE_ESCALATION,
            FindingKind.CREDENTIAL_EXPOSURE,
            FindingKind.DESTRUCTIVE);
  }

  // OVER_PRIVILEGED

  @Test
  void overPrivilegedListsTheExcessGroupedWorstFirst() throws Exception {
    List<Finding> findings =
        assessor(entry("    allow: [customDomainCreate, customDomainDelete]\n"))
            .assess(railway("a.env"), accountGrant());
    Finding over = kind(findings, FindingKind.OVER_PRIVILEGED).orElseThrow();
    assertThat(over.evidence())
        .containsExactly(
            "BACKUP_DESTRUCTIVE: volumeDelete, volumeInstanceBackupDelete",
            "DESTRUCTIVE: serviceDelete, projectDelete",
            "PRIVILEGE_ESCALATION: apiTokenCreate",
            "CREDENTIAL_EXPOSURE: variables");
    assertThat(over.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(over.reason())
        .contains("entry 'railway-domains' allows (customDomainCreate, customDomainDelete)")
        .contains("delete backups (volumeDelete");
  }

  @Test
  void tokenWithinItsAllowIsNotOverPrivileged() throws Exception {
    String allow =
        "    allow: [\"customDomain*\", \"variables@acme/shop/*\", volumeDelete, volumeInstanceBackupDelete, serviceDelete, projectDelete, apiTokenCreate]\n";
    assertThat(
            kind(
                assessor(entry(allow)).assess(railway("a.env"), accountGrant()),
                FindingKind.OVER_PRIVILEGED))
        .isEmpty();
  }

  @Test
  void allowLimitedToAnotherResourceDoesNotCoverThePermission() throws Exception {
    String allow = "    allow: [\"*@acme/other/*\"]\n";
    assertThat(
            kind(
                assessor(entry(allow)).assess(railway("a.env"), projectGrant("production")),
                FindingKind.OVER_PRIVILEGED))
        .isPresent();
  }

  @Test
  void entryWithoutAllowIsNotJudgedOverPrivileged() throws Exception {
    assertThat(
            kind(
                assessor(entry("")).assess(railway("a.env"), accountGrant()),
                FindingKind.OVER_PRIVILEGED))
        .isEmpty();
  }

  // CROSS_ENVIRONMENT

  @Test
  void reachingAnUndeclaredEnvironmentIsCrossEnvironment() throws Exception {
    Finding cross =
        kind(
                assessor(entry("    environments: [staging]\n"))
                    .assess(railway("a.env"), projectGrant("production")),
                FindingKind.CROSS_ENVIRONMENT)
            .orElseThrow();
    assertThat(cross.reason())
        .contains(
            "reaches production, which entry 'railway-domains' does not allow (only staging)");
  }

  @Test
  void productionTokenInAStagingConfigIsCrossEnvironment() throws Exception {
    Finding cross =
        kind(
                assessor(null).assess(railway("config/.env.staging"), projectGrant("production")),
                FindingKind.CROSS_ENVIRONMENT)
            .orElseThrow();
    assertThat(cross.reason()).contains("found in a staging place").contains("reaches production");
    assertThat(
            kind(
                assessor(null)
                    .assess(railway("tests/fixtures/app.env"), projectGrant("production")),
                FindingKind.CROSS_ENVIRONMENT))
        .isPresent();
  }

  @Test
  void tokenWithinItsEnvironmentsIsNotCrossEnvironment() throws Exception {
    Assessor assessor = assessor(entry("    environments: [production]\n"));
    assertThat(
            kind(
                assessor.assess(railway("deploy/production.env"), projectGrant("production")),
                FindingKind.CROSS_ENVIRONMENT))
        .isEmpty();
    assertThat(
            kind(
                assessor(null)
                    .assess(
                        railway("/home/me/dev/shop/deploy/app.env"), projectGrant("production")),
                FindingKind.CROSS_ENVIRONMENT))
        .as("a dev folder far above the file says nothing")
        .isEmpty();
    assertThat(
            kind(
                assessor(null).assess(railway("config/.env.staging"), projectGrant("staging")),
                FindingKind.CROSS_ENVIRONMENT))
        .isEmpty();
  }

  // STALE

  @Test
  void tokenUnusedForLongerThanTheLimitIsStale() throws Exception {
    Finding stale =
        kind(
                assessor(null)
                    .assess(
                        cloud(Location.file("a.env")),
                        life(null, NOW.plus(30, ChronoUnit.DAYS), NOW.minus(120, ChronoUnit.DAYS))),
                FindingKind.STALE)
            .orElseThrow();
    assertThat(stale.reason()).contains("last used 120 days ago");
  }

  @Test
  void recentlyUsedOrNeverReportedTokenIsNotStale() throws Exception {
    assertThat(
            kind(
                assessor(null)
                    .assess(
                        cloud(Location.file("a.env")),
                        life(null, null, NOW.minus(10, ChronoUnit.DAYS))),
                FindingKind.STALE))
        .isEmpty();
    assertThat(
            kind(
                assessor(null).assess(cloud(Location.file("a.env")), life(null, null, null)),
                FindingKind.STALE))
        .isEmpty();
  }

  @Test
  void staleThresholdComesFromTheConfig() throws Exception {
    Config config = new Config(null, null, null, null, null, new Config.Assess(5, null, Map.of()));
    assertThat(
            kind(
                assessor(null, config)
                    .assess(
                        cloud(Location.file("a.env")),
                        life(null, null, NOW.minus(10, ChronoUnit.DAYS))),
                FindingKind.STALE))
        .isPresent();
  }

  // LONG_LIVED

  @Test
  void tokenWithoutExpiryOrTooOldIsLongLived() throws Exception {
    assertThat(
            kind(
                assessor(null).assess(cloud(Location.file("a.env")), life(null, null, NOW)),
                FindingKind.LONG_LIVED))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("has no expiry date"));
    assertThat(
            kind(
                assessor(null)
                    .assess(
                        cloud(Location.file("a.env")),
                        life(NOW.minus(400, ChronoUnit.DAYS), NOW.plus(10, ChronoUnit.DAYS), NOW)),
                FindingKind.LONG_LIVED))
        .get()
        .satisfies(f -> assertThat(f.reason()).contains("is 400 days old"));
  }

  @Test
  void tokenExpiringSoonIsNotLongLived() throws Exception {
    assertThat(
            kind(
                assessor(null)
                    .assess(
                        cloud(Location.file("a.env")),
                        life(NOW.minus(10, ChronoUnit.DAYS), NOW.plus(60, ChronoUnit.DAYS), NOW)),
                FindingKind.LONG_LIVED))
        .isEmpty();
    assertThat(
            kind(
                assessor(entry("    expires: 2027-01-31\n"))
                    .assess(railway("a.env"), projectGrant("production")),
                FindingKind.LONG_LIVED))
        .as("the inventory's expiry counts when the provider reports none")
        .isEmpty();
  }

  @Test
  void anAdminKeysExcessStaysOneSentenceAndCountsWhatItDoesNotName() throws Exception {
    List<Permission> everything = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      everything.add(Permission.of("svc" + i + ":DoSomething", "*", Access.WRITE));
    }
    Finding over =
        kind(
                assessor(entry("    allow: [customDomainCreate]\n"))
                    .assess(railway("a.env"), grant("account", List.of(), everything)),
                FindingKind.OVER_PRIVILEGED)
            .orElseThrow();
    assertThat(over.reason()).contains("and 4992 more").hasSizeLessThan(1000);
    assertThat(over.evidence())
        .singleElement()
        .asString()
        .startsWith("OTHER: svc0:DoSomething")
        .endsWith("and 4800 more");
  }

  // MISPLACED

  @Test
  void tokenFoundOutsideItsStoreIsMisplaced() throws Exception {
    Finding misplaced =
        kind(
                assessor(entry("    stored_in: [\"vault:secret/ci/*\"]\n"))
                    .assess(railway("deploy/domains.env"), null),
                FindingKind.MISPLACED)
            .orElseThrow();
    assertThat(misplaced.reason()).contains("`deploy/domains.env:3`").contains("vault:secret/ci/*");
  }

  @Test
  void tokenInItsDeclaredPlaceIsNotMisplaced() throws Exception {
    Credential inVault =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret(TOKEN),
            Map.of(),
            List.of(Location.store("vault", "secret/ci/railway", "2")));
    assertThat(
            kind(
                assessor(entry("    stored_in: [\"vault:secret/ci/*\"]\n")).assess(inVault, null),
                FindingKind.MISPLACED))
        .isEmpty();
    assertThat(
            kind(
                assessor(entry("    stored_in: [\"deploy/*.env\"]\n"))
                    .assess(railway("repo/deploy/domains.env"), null),
                FindingKind.MISPLACED))
        .isEmpty();
    assertThat(
            kind(
                assessor(entry("")).assess(railway("deploy/domains.env"), null),
                FindingKind.MISPLACED))
        .as("no stored_in declared")
        .isEmpty();
    Credential listedByItsAccount =
        new Credential(
            "railway.api-token",
            "railway",
            null,
            Map.of(),
            FP,
            List.of(Location.store("provider-account", "railway workspace acme", null)));
    assertThat(
            kind(
                assessor(entry("    stored_in: [\"vault:secret/ci/*\"]\n"))
                    .assess(listedByItsAccount, null),
                FindingKind.MISPLACED))
        .as("a key its own account lists was not found anywhere")
        .isEmpty();
  }

  // Severities

  @Test
  void configOverridesTheSeverityOfAKind() throws Exception {
    Config config =
        new Config(
            null,
            null,
            null,
            null,
            null,
            new Config.Assess(null, null, Map.of("unknown_token", "critical")));
    Credential undeclared =
        Credential.found(
            "railway.api-token",
            "railway",
            new Secret("0f9c2d71-8e3a-4b6f-a1d5-93c07e2b8f16"),
            Map.of(),
            List.of());
    assertThat(
            kind(assessor(entry(""), config).assess(undeclared, null), FindingKind.UNKNOWN_TOKEN))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void unknownKindInSeverityOverridesIsRejected() {
    Config config =
        new Config(
            null, null, null, null, null, new Config.Assess(null, null, Map.of("NOPE", "high")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AssessSettings.of(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOPE")
        .hasMessageContaining("UNKNOWN_TOKEN");
  }
}
