package dev.tokenscope.resolve.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Keeps the path of a configured base URL ({@code http://127.0.0.1:8080/aws}): the SDK sends
 * Query-API requests to {@code /} of the endpoint override, which would bypass a proxy path or a
 * replay server's per-provider prefix. Runs before signing, so the signature covers the path.
 */
final class BasePathInterceptor implements ExecutionInterceptor {
  private final String basePath;

  BasePathInterceptor(String basePath) {
    this.basePath =
        basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    String path =
        request.encodedPath() == null || request.encodedPath().isEmpty()
            ? "/"
            : request.encodedPath();
    if (basePath.isEmpty() || path.startsWith(basePath + "/") || path.equals(basePath)) {
      return request;
    }
    return request.toBuilder().encodedPath(basePath + path).build();
  }
}
