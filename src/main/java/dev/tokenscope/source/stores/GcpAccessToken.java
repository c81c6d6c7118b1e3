package dev.tokenscope.source.stores;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.tokenscope.model.Secret;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The auditor's own Google access token: {@code GOOGLE_OAUTH_ACCESS_TOKEN} when set (what {@code
 * gcloud auth print-access-token} prints), else Application Default Credentials.
 */
final class GcpAccessToken implements Supplier<Secret> {
  static final String ENV = "GOOGLE_OAUTH_ACCESS_TOKEN";
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  @Override
  public Secret get() {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Secret(fromEnv.strip());
    }
    try {
      GoogleCredentials credentials = GoogleCredentials.getApplicationDefault().createScoped(SCOPE);
      credentials.refreshIfExpired();
      AccessToken token = credentials.getAccessToken();
      if (token == null) {
        throw new IllegalStateException(
            "Application Default Credentials gave no access token; run: gcloud auth application-default login");
      }
      return new Secret(token.getTokenValue());
    } catch (IOException e) {
      throw new IllegalStateException(
          "no Google credentials ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): run gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS, or set "
              + ENV);
    }
  }
}
