package dev.tokenscope.assess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BundledPoliciesTest {
  private static final PolicySet POLICIES = PolicySet.bundled();

  @Test
  void everyBundledPolicyLoads() {
    assertThat(POLICIES.problems()).isEmpty();
    assertThat(POLICIES.policies()).isNotEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyPolicyMatchesItsExamplesAndNotItsNegatives() {
    return POLICIES.policies().stream()
        .map(
            policy ->
                DynamicTest.dynamicTest(
                    policy.id(),
                    () -> {
                      assertThat(policy.examples())
                          .as("examples")
                          .isNotEmpty()
                          .allMatch(policy::matches);
                      assertThat(policy.negativeExamples())
                          .as("negative examples")
                          .noneMatch(policy::matches);
                    }));
  }
}
