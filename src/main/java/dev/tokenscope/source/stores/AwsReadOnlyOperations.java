package dev.tokenscope.source.stores;

import dev.tokenscope.http.RefusedRequestException;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The AWS store readers' allow-list: an SDK interceptor that refuses, before anything is signed or
 * sent, every operation but the listing and reading of secrets and parameters. The SDK client could
 * call {@code PutSecretValue} or {@code DeleteParameter}; this makes sure it never does.
 */
final class AwsReadOnlyOperations implements ExecutionInterceptor {
  static final Set<String> ALLOWED =
      Set.of(
          "ListSecrets",
          "GetSecretValue",
          "DescribeSecret",
          "GetParametersByPath",
          "GetParameter",
          "GetParameters");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!ALLOWED.contains(operation)) {
      String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      throw new RefusedRequestException("aws " + service, "operation " + operation);
    }
  }
}
