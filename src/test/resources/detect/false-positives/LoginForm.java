package dev.fake.ui;

/** A login form: every "password" and "token" here is a name, not a value. */
final class LoginForm {
  static final String PASSWORD_FIELD = "password";
  static final String TOKEN_HEADER = "X-Auth-Token";
  static final int PASSWORD_MIN_LENGTH = 12;
  private final String passwordHint = "Use at least 12 characters";
  private final String secretKeyAlgorithm = "PBKDF2WithHmacSHA256";
  private final String accessTokenUrl = "https://auth.fake.invalid/oauth/token";

  boolean valid(String password, String confirmPassword) {
    return password != null && password.equals(confirmPassword) && password.length() >= PASSWORD_MIN_LENGTH;
  }

  String tokenizerName() {
    return "bert-base-uncased";
  }
}
