package dev.tokenscope.source.stores;

import dev.tokenscope.http.RefusedRequestException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * The Kubernetes reader's allow-list: an HTTP interceptor in the fabric8 client that refuses,
 * before it is sent, any request to the API server other than a GET of secrets. fabric8 can create,
 * patch and delete anything; this makes sure the scan never does. Requests to other hosts (an OIDC
 * provider refreshing the auditor's own token) are the client's authentication and pass.
 */
final class KubernetesReadOnly implements Interceptor {
  private static final Pattern SECRETS =
      Pattern.compile("/api/v1(/namespaces/[^/]+)?/secrets(/[^/]+)?");
  private final String apiHost;
  private final int apiPort;

  KubernetesReadOnly(URI apiServer) {
    this.apiHost = apiServer.getHost();
    this.apiPort = port(apiServer);
  }

  /** A fabric8 client for the config that can only read secrets. */
  static KubernetesClient client(Config config) {
    KubernetesReadOnly readOnly = new KubernetesReadOnly(URI.create(config.getMasterUrl()));
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("tokenscope-read-only", readOnly))
        .build();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    URI uri = request.uri();
    if (!apiHost.equalsIgnoreCase(uri.getHost()) || apiPort != port(uri)) {
      return;
    }
    if (!"GET".equalsIgnoreCase(request.method()) || !SECRETS.matcher(uri.getRawPath()).matches()) {
      throw new RefusedRequestException("kubernetes", request.method() + " " + uri.getRawPath());
    }
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }
}
