package dev.tokenscope.resolve.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {
  private static final TrustPolicy.Caller ALICE =
      new TrustPolicy.Caller(
          "arn:aws:iam::444455556666:user/alice", "444455556666", "alice", "AIDAALICE", false);

  private static List<PolicyStatement> trust(String json) {
    return PolicyDocument.statements(json.replace('\'', '"'), "trust policy");
  }

  @Test
  void namingTheUserIsADirectMatchAndNamingTheAccountIsNot() {
    assertThat(
            TrustPolicy.match(
                    trust(
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:user/alice'},'Action':'sts:AssumeRole'}}"),
                    ALICE)
                .direct())
        .isTrue();
    assertThat(
            TrustPolicy.match(
                    trust(
                        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'444455556666'},'Action':'sts:AssumeRole'}}"),
                    ALICE)
                .direct())
        .isFalse();
  }

  @Test
  void anotherAccountOrAnotherUserDoesNotMatch() {
    assertThat(
            TrustPolicy.match(
                trust(
                    "{'Statement':{'Effect':'Allow','Principal':{'AWS':['arn:aws:iam::999988887777:root','arn:aws:iam::444455556666:user/bob']},'Action':'sts:AssumeRole'}}"),
                ALICE))
        .isNull();
  }

  @Test
  void principalArnConditionIsEvaluatedAgainstTheCaller() {
    String trust =
        "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:root'},'Action':'sts:AssumeRole',"
            + "'Condition':{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::444455556666:user/ops-*'}}}}";
    assertThat(TrustPolicy.match(trust(trust), ALICE)).isNull();
    assertThat(
            TrustPolicy.match(
                trust(trust),
                new TrustPolicy.Caller(
                    "arn:aws:iam::444455556666:user/ops-kim",
                    "444455556666",
                    "ops-kim",
                    "X",
                    false)))
        .isNotNull();
  }

  @Test
  void externalIdCannotBeDecidedSoThePathIsKeptWithItsCondition() {
    TrustPolicy.Match match =
        TrustPolicy.match(
            trust(
                "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:user/alice'},'Action':'sts:AssumeRole',"
                    + "'Condition':{'StringEquals':{'sts:ExternalId':'x-1'}}}}"),
            ALICE);

    assertThat(match.conditions()).singleElement().asString().contains("sts:ExternalId");
  }

  @Test
  void mfaRequirementIsNotMetByAnAccessKeyAndADenyWins() {
    assertThat(
            TrustPolicy.match(
                trust(
                    "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:user/alice'},'Action':'sts:AssumeRole',"
                        + "'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'}}}}"),
                ALICE))
        .isNull();
    assertThat(
            TrustPolicy.match(
                trust(
                    "{'Statement':[{'Effect':'Allow','Principal':{'AWS':'*'},'Action':'sts:AssumeRole'},"
                        + "{'Effect':'Deny','Principal':{'AWS':'arn:aws:iam::444455556666:user/alice'},'Action':'sts:*'}]}"),
                ALICE))
        .isNull();
  }
}
