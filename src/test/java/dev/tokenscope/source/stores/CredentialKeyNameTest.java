package dev.tokenscope.source.stores;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialKeyNameTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GITHUB_TOKEN",
        "STRIPE_API_KEY",
        "stripe_secret_key",
        "AWS_SECRET_ACCESS_KEY",
        "password",
        "passwd",
        "secret",
        "private_key",
        "DB_PASSWORD",
        "clientSecret",
        "apiKey",
        "x-api-key",
        "//registry.npmjs.org/:_authToken",
        "identitytoken",
        "oauth_token",
        "refresh_token",
        "SMTP_PASS",
        "signing_key",
        "ssh_passphrase",
        "webhook_signing_secret",
        "dbpassword"
      })
  void namesThatSayCredentialAreCredentials(String name) {
    assertThat(CredentialKeyName.isCredential(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AWS_ACCESS_KEY_ID",
        "DB_PASSWORD_FILE",
        "token_url",
        "SECRET_NAME",
        "password_policy",
        "LOG_LEVEL",
        "username",
        "client_id",
        "client-key-data",
        "tokenizer",
        "passport_id",
        "api_key_header",
        "keystore.p12",
        "TOKEN_TTL",
        ""
      })
  void namesThatDescribeOrPointAtACredentialAreNot(String name) {
    assertThat(CredentialKeyName.isCredential(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "abc",
        "changeme",
        "CHANGEME",
        "${DB_PASSWORD}",
        "$DB_PASSWORD",
        "{{ .Values.password }}",
        "<your token>",
        "sk_live_your_key_here",
        "op://vault/item/password",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
        "xxxxxxxxxxxx",
        "********",
        "placeholder",
        "example-password"
      })
  void placeholdersAreNotCredentials(String value) {
    assertThat(CredentialKeyName.isPlaceholder(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Xk9vQ2pL7mR4tW8z", "p@ssw0rd-2026!", "4e1a7b2c-9d3f-4a6b-8c5e-2f7d1a9b3c6e"})
  void realLookingValuesAreNotPlaceholders(String value) {
    assertThat(CredentialKeyName.isPlaceholder(value)).isFalse();
  }
}
