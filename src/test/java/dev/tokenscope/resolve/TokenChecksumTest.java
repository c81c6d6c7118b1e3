package dev.tokenscope.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenChecksumTest {

  @Test
  void tokenWithItsOwnChecksumHolds() {
    String token = ProviderFixture.checksummed("ghp_", "R8kT2mQ9vX4nL7pW1sY6cF3hJ0dG5b");

    assertThat(TokenChecksum.holds(token, "ghp_")).isTrue();
    assertThat(token).hasSize(40);
  }

  @Test
  void alteredTokenOrWrongPrefixOrLengthDoesNotHold() {
    String token = ProviderFixture.checksummed("npm_", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC");
    String altered = "npm_X" + token.substring(5);

    assertThat(TokenChecksum.holds(altered, "npm_")).isFalse();
    assertThat(TokenChecksum.holds(token, "ghp_")).isFalse();
    assertThat(TokenChecksum.holds(token + "A", "npm_")).isFalse();
  }
}
