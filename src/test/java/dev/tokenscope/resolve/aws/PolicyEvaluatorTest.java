package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tokenscope.model.Access;
import dev.tokenscope.model.Permission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
  private final PolicyEvaluator evaluator = new PolicyEvaluator(ActionCatalog.bundled());

  private static List<PolicyStatement> policy(String json) {
    return PolicyDocument.statements(json.replace('\'', '"'), "test policy");
  }

  private static List<PolicyStatement> all(List<PolicyStatement>... policies) {
    List<PolicyStatement> out = new ArrayList<>();
    for (List<PolicyStatement> p : policies) {
      out.addAll(p);
    }
    return out;
  }

  @Test
  void denyOnOneResourceKeepsTheAllowElsewhereAndSaysSo() {
    var result =
        evaluator.evaluate(
            all(
                policy(
                    "{'Statement':[{'Effect':'Allow','Action':'s3:DeleteObject','Resource':['arn:aws:s3:::logs/*','arn:aws:s3:::backups/*']}]}"),
                policy(
                    "{'Statement':[{'Effect':'Deny','Action':'s3:Delete*','Resource':'arn:aws:s3:::backups/*'}]}")),
            null);

    assertThat(result.permissions())
        .containsExactly(Permission.of("s3:DeleteObject", "arn:aws:s3:::logs/*", Access.DELETE));
  }

  @Test
  void denyOnOneResourceCannotRemoveAnAllowOnEverything() {
    var result =
        evaluator.evaluate(
            all(
                policy(
                    "{'Statement':[{'Effect':'Allow','Action':'dynamodb:DeleteTable','Resource':'*'}]}"),
                policy(
                    "{'Statement':[{'Effect':'Deny','Action':'dynamodb:DeleteTable','Resource':'arn:aws:dynamodb:us-east-1:111122223333:table/orders'}]}")),
            null);

    assertThat(result.permissions())
        .containsExactly(Permission.of("dynamodb:DeleteTable", "*", Access.DELETE));
    assertThat(result.evidence())
        .anyMatch(
            e -> e.contains("excludes [arn:aws:dynamodb:us-east-1:111122223333:table/orders]"));
  }

  @Test
  void denyWithConditionMakesTheAllowConditionalInsteadOfRemovingIt() {
    var result =
        evaluator.evaluate(
            all(
                policy(
                    "{'Statement':[{'Effect':'Allow','Action':'ec2:TerminateInstances','Resource':'*'}]}"),
                policy(
                    "{'Statement':[{'Effect':'Deny','Action':'ec2:TerminateInstances','Resource':'*','Condition':{'StringNotEquals':{'aws:RequestedRegion':'eu-west-1'}}}]}")),
            null);

    assertThat(result.permissions())
        .extracting(Permission::action, Permission::conditional)
        .containsExactly(tuple("ec2:TerminateInstances", true));
  }

  @Test
  void unconditionalAllowWinsOverTheSameAllowWithACondition() {
    var result =
        evaluator.evaluate(
            policy(
                "{'Statement':[{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'true'}}},"
                    + "{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*'}]}"),
            null);

    assertThat(result.permissions())
        .containsExactly(Permission.of("kms:Decrypt", "*", Access.WRITE));
  }

  @Test
  void notResourceInAnAllowIsKeptAsAnExceptionOnEverything() {
    var result =
        evaluator.evaluate(
            policy(
                "{'Statement':[{'Effect':'Allow','Action':'s3:DeleteBucket','NotResource':'arn:aws:s3:::prod-*'}]}"),
            null);

    assertThat(result.permissions())
        .containsExactly(
            Permission.of("s3:DeleteBucket", "* except arn:aws:s3:::prod-*", Access.DELETE));
  }

  /** Every action on everything but one bucket includes every IAM action: admin-equivalent. */
  @Test
  void allowEverythingWithNotResourceIsSummarisedAsEverythingExceptThatResource() {
    var result =
        evaluator.evaluate(
            policy(
                "{'Statement':[{'Effect':'Allow','Action':'*','NotResource':'arn:aws:s3:::hr-payroll'}]}"),
            null);

    assertThat(result.permissions())
        .contains(
            Permission.of("*", "* except arn:aws:s3:::hr-payroll", Access.ADMIN),
            Permission.of("iam:*", "* except arn:aws:s3:::hr-payroll", Access.ADMIN));
    assertThat(dev.tokenscope.assess.PolicySet.bundled().categorize("aws", result.permissions()))
        .containsKey(dev.tokenscope.assess.RiskCategory.ADMIN_EQUIVALENT);
  }

  @Test
  void denyWithNotResourceLimitsAnAllowOnEverythingToTheListedResources() {
    var result =
        evaluator.evaluate(
            all(
                policy(
                    "{'Statement':[{'Effect':'Allow','Action':'rds:DeleteDBInstance','Resource':'*'}]}"),
                policy(
                    "{'Statement':[{'Effect':'Deny','Action':'rds:*','NotResource':'arn:aws:rds:*:*:db:dev-*'}]}")),
            null);

    assertThat(result.permissions())
        .containsExactly(
            Permission.of("rds:DeleteDBInstance", "arn:aws:rds:*:*:db:dev-*", Access.DELETE));
  }

  @Test
  void boundaryOnSpecificResourcesNarrowsAnAllowOnEverything() {
    var result =
        evaluator.evaluate(
            policy(
                "{'Statement':[{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],'Resource':'*'}]}"),
            policy(
                "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::public/*'}]}"));

    assertThat(result.permissions())
        .containsExactly(Permission.of("s3:GetObject", "arn:aws:s3:::public/*", Access.READ));
  }

  @Test
  void actionsAreMatchedCaseInsensitivelyAndUnknownActionsAreKeptAsWritten() {
    var result =
        evaluator.evaluate(
            policy(
                "{'Statement':[{'Effect':'Allow','Action':['S3:getobject','newservice:DeleteEverything'],'Resource':'*'}]}"),
            null);

    assertThat(result.permissions())
        .containsExactly(
            Permission.of("newservice:DeleteEverything", "*", Access.DELETE),
            Permission.of("s3:GetObject", "*", Access.READ));
  }

  @Test
  void malformedPolicyDocumentsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> policy("{'Statement':[{'Effect':'Allow'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test policy")
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> policy("{'Version':'2012-10-17'}"))
        .hasMessageContaining("no Statement");
  }

  @Test
  void urlEncodedDocumentsFromTheIamApiAreDecoded() {
    var statements =
        PolicyDocument.statements(
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sqs%3ASendMessage%22%2C%22Resource%22%3A%22*%22%7D%7D",
            "api");

    assertThat(evaluator.evaluate(statements, null).permissions())
        .containsExactly(Permission.of("sqs:SendMessage", "*", Access.WRITE));
  }
}
