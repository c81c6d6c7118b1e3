package dev.tokenscope.resolve.aws;

import dev.tokenscope.http.RefusedRequestException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The read-only allow-list of every AWS client tokenscope builds, enforced inside the SDK before a
 * request is signed or sent: an operation not listed here is refused with a {@link
 * RefusedRequestException}, whatever code asked for it.
 *
 * <ul>
 *   <li>STS {@code GetCallerIdentity}: who a key belongs to; needs no permission, changes nothing.
 *   <li>IAM {@code GetAccountAuthorizationDetails}: every user, group, role and policy (read).
 *   <li>IAM {@code ListAccessKeys}: the keys of a user, their status and creation date (list).
 *   <li>IAM {@code GetAccessKeyLastUsed}: a key's owner and last use (read).
 * </ul>
 */
final class ReadOnlyInterceptor implements ExecutionInterceptor {
  static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "sts", Set.of("GetCallerIdentity"),
          "iam",
              Set.of("GetAccountAuthorizationDetails", "ListAccessKeys", "GetAccessKeyLastUsed"));

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service =
        String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
            .toLowerCase(Locale.ROOT);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!ALLOWED.getOrDefault(service, Set.of()).contains(operation)) {
      throw new RefusedRequestException("aws", service + ":" + operation);
    }
  }
}
