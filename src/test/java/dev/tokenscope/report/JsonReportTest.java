package dev.tokenscope.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKEKEY01";

  private static JsonNode report(List<Permission> permissions) throws Exception {
    Credential credential =
        Credential.found(
            "aws.secret-access-key",
            "aws",
            new Secret(SECRET),
            Map.of("id", "AKIAQYLPMN5HHHFPZAM2"),
            List.of(Location.file("app.env").at(2, 23)));
    Grant grant =
        new Grant(
            new Identity(
                "aws",
                "arn:aws:iam::111122223333:user/alice",
                "111122223333",
                "iam-user",
                Map.of()),
            List.of(),
            permissions,
            null,
            null,
            null,
            GrantStatus.ACTIVE,
            null,
            List.of());
    Finding finding =
        Finding.of(
            FindingKind.ADMIN_EQUIVALENT,
            Severity.CRITICAL,
            credential,
            grant,
            "can do anything",
            List.of("*"));
    StringWriter out = new StringWriter();
    new JsonReport()
        .write(
            new ScanResult(List.of(finding), new ScanResult.Stats(1, 0, 10, 0, 0.1), List.of()),
            out);
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void theReportCarriesTheRedactedSecretAndNeverTheWholeOne() throws Exception {
    JsonNode report = report(List.of(Permission.of("s3:GetObject", "*", Access.READ)));
    assertThat(report.toString()).doesNotContain(SECRET);
    assertThat(report.at("/findings/0/secret").asText())
        .startsWith("wJalrXUt")
        .endsWith("(40 chars)");
    assertThat(report.at("/findings/0/locations/0/line").asInt()).isEqualTo(2);
  }

  @Test
  void aHugeGrantListsItsMostPowerfulPermissionsAndCountsTheRest() throws Exception {
    List<Permission> permissions = new ArrayList<>();
    IntStream.range(0, 5000)
        .forEach(i -> permissions.add(Permission.of("svc:Read" + i, "*", Access.READ)));
    permissions.add(Permission.of("*", "*", Access.ADMIN));
    IntStream.range(0, 300)
        .forEach(i -> permissions.add(Permission.of("svc:Delete" + i, "*", Access.DELETE)));

    JsonNode grant = report(permissions).at("/findings/0/grant");

    assertThat(grant.path("permission_count").asInt()).isEqualTo(5301);
    assertThat(grant.path("permissions_truncated").asBoolean()).isTrue();
    assertThat(grant.path("permissions_by_access").path("READ").asInt()).isEqualTo(5000);
    assertThat(grant.path("permissions_by_access").path("DELETE").asInt()).isEqualTo(300);
    assertThat(grant.path("permissions")).hasSize(JsonReport.MAX_LISTED_PERMISSIONS);
    assertThat(grant.path("permissions").get(0).path("action").asText()).isEqualTo("*");
    assertThat(grant.path("permissions").findValuesAsText("access")).doesNotContain("READ");
  }

  @Test
  void aSmallGrantIsListedInFull() throws Exception {
    JsonNode grant =
        report(List.of(Permission.of("s3:GetObject", "arn:aws:s3:::reports/*", Access.READ)))
            .at("/findings/0/grant");
    assertThat(grant.path("permissions")).hasSize(1);
    assertThat(grant.has("permissions_truncated")).isFalse();
  }

  @Test
  void credentialsListEachCredentialOnceWithItsRisksNextToTheFindings() throws Exception {
    Credential credential =
        Credential.found(
            "fixture.token",
            "fixture",
            new Secret("tsk_q8v2m4k7x1z9c3b6n5h0"),
            Map.of(),
            List.of(Location.file("a.env").at(1, 1), Location.file("b.env").at(2, 1)));
    List<Finding> findings =
        List.of(
            Finding.of(FindingKind.EXPOSED, Severity.HIGH, credential, null, "Plain.", List.of()),
            Finding.of(
                FindingKind.DESTRUCTIVE,
                Severity.CRITICAL,
                credential,
                null,
                "Deletes.",
                List.of("DESTRUCTIVE: dbDelete")));
    StringWriter out = new StringWriter();
    new JsonReport()
        .write(
            new ScanResult(findings, new ScanResult.Stats(1, 0, 1, 0, 0), List.of())
                .withHidden(new ScanResult.Hidden(3, 0)),
            out);
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(root.path("findings")).hasSize(2);
    assertThat(root.path("credentials")).hasSize(1);
    JsonNode c = root.path("credentials").get(0);
    assertThat(c.path("severity").asText()).isEqualTo("critical");
    assertThat(c.path("fingerprint").asText()).isEqualTo(credential.fingerprint());
    assertThat(c.path("locations")).hasSize(2);
    assertThat(c.path("risks").findValuesAsText("kind")).containsExactly("DESTRUCTIVE", "EXPOSED");
    assertThat(c.at("/risks/0/evidence/0").asText()).isEqualTo("DESTRUCTIVE: dbDelete");
    assertThat(c.at("/risks/0/reason").asText()).isEqualTo("Deletes.");
    assertThat(c.path("fix").asText()).startsWith("rotate it at fixture");
    assertThat(root.at("/hidden/allow_listed").asInt()).isEqualTo(3);
    assertThat(out.toString()).doesNotContain("tsk_q8v2m4k7x1z9c3b6n5h0");
  }

  /** A typed stand-in shown as info has nothing to rotate: the fix says so, and where. */
  @Test
  void aStandInShownAsInformationIsNotToldToRotate() throws Exception {
    Credential standIn =
        Credential.found(
            "fixture.token",
            "fixture",
            new Secret("tsk_1234567890q8v2m4k7x1"),
            Map.of(dev.tokenscope.detect.Placeholders.ATTRIBUTE, "sequence"),
            List.of(Location.file("README.md").at(7, 1)));
    StringWriter out = new StringWriter();
    new JsonReport()
        .write(
            new ScanResult(
                List.of(
                    Finding.of(
                        FindingKind.EXPOSED, Severity.INFO, standIn, null, "Typed.", List.of())),
                new ScanResult.Stats(1, 0, 1, 0, 0),
                List.of()),
            out);

    String fix = new ObjectMapper().readTree(out.toString()).at("/credentials/0/fix").asText();
    assertThat(fix)
        .startsWith("nothing to rotate")
        .contains("README.md:7")
        .doesNotContain("rotate it");
  }
}
