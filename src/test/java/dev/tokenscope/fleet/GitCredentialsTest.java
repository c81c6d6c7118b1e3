package dev.tokenscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

class GitCredentialsTest {
  private static final String TOKEN = "ghp_R7aQk2Lm9Xc4Vb8Nz1Ws5Ey3Tu6Io0Pa2Sd4";

  private static String password(GitCredentials credentials, String url) throws Exception {
    var provider = credentials.forUrl(url);
    if (provider == null) {
      return null;
    }
    CredentialItem.Password password = new CredentialItem.Password();
    provider.get(new URIish(url), new CredentialItem.Username(), password);
    return new String(password.getValue());
  }

  @Test
  void aTokenIsSentOnlyToTheHostItWasGivenFor() throws Exception {
    GitCredentials credentials = new GitCredentials().allow("github.com", "x-access-token", TOKEN);
    assertThat(password(credentials, "https://github.com/example/app.git")).isEqualTo(TOKEN);
    assertThat(password(credentials, "https://GitHub.com/example/other.git")).isEqualTo(TOKEN);
    assertThat(password(credentials, "https://evil.example/example/app.git")).isNull();
    assertThat(password(credentials, "https://github.com.evil.example/example/app.git")).isNull();
  }

  @Test
  void aRedirectToAnotherHostDoesNotCollectTheToken() throws Exception {
    var provider =
        new GitCredentials()
            .allow("github.com", "x-access-token", TOKEN)
            .forUrl("https://github.com/example/app.git");
    CredentialItem.Password password = new CredentialItem.Password();
    assertThat(
            provider.get(
                new URIish("https://evil.example/example/app.git"),
                new CredentialItem.Username(),
                password))
        .isFalse();
    assertThat(password.getValue()).isNull();
    assertThat(
            provider.get(
                new URIish("http://github.com/example/app.git"),
                new CredentialItem.Username(),
                password))
        .isFalse();
    assertThat(
            provider.get(
                new URIish("https://github.com/example/app.git"),
                new CredentialItem.Username(),
                password))
        .isTrue();
  }

  @Test
  void aTokenIsNeverSentOverPlainHttpOrToLocalPaths() throws Exception {
    GitCredentials credentials = new GitCredentials().allow("github.com", "x-access-token", TOKEN);
    assertThat(password(credentials, "http://github.com/example/app.git")).isNull();
    assertThat(password(credentials, "file:///srv/git/app.git")).isNull();
  }

  @Test
  void noTokenInTheEnvironmentMeansAnonymousClones() throws Exception {
    GitCredentials credentials =
        new GitCredentials()
            .allow("github.com", "x-access-token", null)
            .allow("gitlab.com", "oauth2", " ");
    assertThat(password(credentials, "https://github.com/example/app.git")).isNull();
    assertThat(password(credentials, "https://gitlab.com/example/app.git")).isNull();
  }

  @Test
  void printableUrlsCarryNoUserInfo() {
    assertThat(GitCloner.printable("https://x-access-token:" + TOKEN + "@github.com/o/r.git"))
        .isEqualTo("https://github.com/o/r.git");
  }
}
