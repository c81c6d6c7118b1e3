package dev.tokenscope.source.stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether the name of a store entry says its value is a credential ({@code STRIPE_API_KEY}, {@code
 * db_password}, {@code clientSecret}, {@code private_key}), and whether a value is only a
 * placeholder. Names are split into words at underscores, dashes, dots and camel-case humps, so
 * {@code AWS_ACCESS_KEY_ID} (a public id) and {@code password_file} (a path) are not credentials.
 */
final class CredentialKeyName {
  private static final Set<String> CREDENTIAL_WORDS =
      Set.of(
          "password",
          "passwd",
          "pwd",
          "pass",
          "secret",
          "token",
          "apikey",
          "authtoken",
          "privatekey",
          "credential",
          "credentials",
          "passphrase");

  /** A "key" is a credential when it follows one of these words (api key, private key …). */
  private static final Set<String> KEY_QUALIFIERS =
      Set.of(
          "api",
          "private",
          "secret",
          "access",
          "signing",
          "encryption",
          "master",
          "auth",
          "service");

  /** A last word that makes the value describe a credential rather than be one. */
  private static final Set<String> DESCRIPTIVE_ENDINGS =
      Set.of(
          "id",
          "ids",
          "name",
          "names",
          "file",
          "path",
          "dir",
          "url",
          "uri",
          "arn",
          "type",
          "version",
          "ttl",
          "expiry",
          "expires",
          "expiration",
          "at",
          "length",
          "len",
          "header",
          "kind",
          "enabled",
          "policy",
          "field",
          "env",
          "ref",
          "hint",
          "rotation",
          "created",
          "updated",
          "count",
          "mode",
          "format",
          "prefix",
          "suffix",
          "endpoint",
          "region",
          "user",
          "username",
          "email");

  private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
  private static final Set<String> PLACEHOLDERS =
      Set.of(
          "changeme",
          "change-me",
          "change_me",
          "changeit",
          "replaceme",
          "replace-me",
          "replace_me",
          "todo",
          "tbd",
          "null",
          "none",
          "nil",
          "undefined",
          "example",
          "dummy",
          "placeholder",
          "secret",
          "password",
          "token",
          "xxx",
          "redacted",
          "your-token-here",
          "your_token_here",
          "your-api-key",
          "your_api_key",
          "true",
          "false",
          "empty",
          "test",
          "na",
          "n/a");

  /** Parts that mark a template value ("sk_live_your_key_here", "<token>", "xxxxxxxx"). */
  private static final List<String> PLACEHOLDER_PARTS =
      List.of(
          "example",
          "placeholder",
          "your_",
          "your-",
          "_here",
          "-here",
          "changeme",
          "change_me",
          "replace_me",
          "replaceme",
          "xxxxx",
          "dummy",
          "redacted",
          "<",
          ">");

  private CredentialKeyName() {}

  /** True when the name says the value is a credential. */
  static boolean isCredential(String keyName) {
    if (keyName == null || keyName.isBlank()) {
      return false;
    }
    List<String> words = words(keyName);
    if (words.isEmpty() || DESCRIPTIVE_ENDINGS.contains(words.get(words.size() - 1))) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      // Run-together names: "identitytoken", "dbpassword", "clientsecret", "xapikey".
      if (CREDENTIAL_WORDS.contains(word)
          || word.endsWith("token")
          || word.endsWith("password")
          || word.endsWith("secret")
          || word.endsWith("apikey")) {
        return true;
      }
      if (word.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for values that stand in for a credential rather than being one: empty, a template or
   * variable reference, a reference to another secret manager, a repeated character, a well-known
   * placeholder word.
   */
  static boolean isPlaceholder(String value) {
    if (value == null) {
      return true;
    }
    String v = value.strip();
    if (v.length() < 4) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (PLACEHOLDERS.contains(lower)
        || lower.startsWith("${")
        || lower.startsWith("$(")
        || lower.startsWith("{{")
        || lower.startsWith("<") && lower.endsWith(">")
        || lower.matches("\\$[a-z_][a-z0-9_]*")
        || lower.startsWith("op://")
        || lower.startsWith("vault:")
        || lower.startsWith("arn:aws:")
        || lower.startsWith("projects/") && lower.contains("/secrets/")
        || lower.startsWith("your")
        || PLACEHOLDER_PARTS.stream().anyMatch(lower::contains)) {
      return true;
    }
    return v.chars().distinct().count() <= 2;
  }

  static List<String> words(String keyName) {
    List<String> words = new ArrayList<>();
    for (String part : WORD_BREAK.split(keyName.strip())) {
      if (!part.isEmpty()) {
        words.add(part.toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }
}
