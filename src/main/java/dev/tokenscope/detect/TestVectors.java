package dev.tokenscope.detect;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test-vector context: a value assigned to a name that says it is not real ({@code EXAMPLE}, {@code
 * FAKE}, {@code DUMMY}, {@code MOCK}, {@code TEST} …), or a value that says so itself (an AWS key
 * id spelled out of FAKE), in a test file. Such a credential is still reported, with attribute
 * {@code context: test-vector}, so the assessor lowers it to {@code info} instead of dropping it: a
 * real key pasted into a test under a fake-sounding name stays visible. A value outside a test
 * file, or in one without such a name on its line, is untouched. A rule with {@code in_tests: info}
 * (Kerberos roasting output: a fixture's capture is a test's) is marked so in any test file, named
 * or not.
 */
public final class TestVectors {
  /** The {@link Credential#CONTEXT} a test-vector credential carries. */
  public static final String VALUE = "test-vector";

  /** Paths of test code and test data, in the layouts of the common languages. */
  private static final Pattern TEST_PATH =
      Pattern.compile(
          "(?i)(?:^|/)(?:tests?|__tests__|specs?|testdata|test-data|test_data|fixtures?|__fixtures__"
              + "|__mocks__|mocks?|testing)/"
              // .NET and JVM test projects: Acme.Billing.Tests/, acme-api.UnitTests/
              + "|(?:^|/)[^/]+\\.(?:Tests?|UnitTests?|IntegrationTests?|Specs?)/"
              + "|(?:^|/)test_[^/]*\\.py$|_test\\.(?:go|py|rb|exs?)$|(?:Tests?|Spec|IT)\\.(?:java|kt|cs|scala|groovy|swift)$"
              + "|\\.(?:test|spec)\\.[cm]?[jt]sx?$|_spec\\.rb$");

  /**
   * A name on the line, before the value, that marks it as a stand-in. In a test file that includes
   * {@code test} itself ({@code hcloudTestToken}, {@code testSecretKey}): a value a test names
   * after the test is the test's own; and {@code expected}: what a test checks its code's output
   * against ({@code EXPECTED_DEVICE_KEY}, derived from the test's own fake input).
   */
  private static final Pattern MARKER =
      Pattern.compile(
          "(?i)example|fake|dummy|mock|sample|stub|placeholder|not[_-]?real|test|expected");

  private TestVectors() {}

  /**
   * True when the line up to the value's end (the name before it, or the value itself) marks it a
   * stand-in; asked only of text in a test file ({@link #inTests}).
   */
  static boolean named(String text, int lineStart, int valueEnd) {
    return valueEnd > lineStart && MARKER.matcher(text).region(lineStart, valueEnd).find();
  }

  /** True when some origin is test code or test data. */
  static boolean inTests(List<Location> origins) {
    for (Location origin : origins) {
      if (testPath(origin.path())) {
        return true;
      }
    }
    return false;
  }

  /** True when the path is test code or test data. */
  public static boolean testPath(String path) {
    return path != null && TEST_PATH.matcher(path).find();
  }
}
