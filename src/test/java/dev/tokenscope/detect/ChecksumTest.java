package dev.tokenscope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumTest {
  // Made by scripts/fake_tokens.py: fake, with correct checksums.
  private static final String GITHUB = "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";
  private static final String PYPI =
      "pypi-AgEIcHlwaS5vcmcCM3sidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIiwgImZha2UiOiB0cnVlfQACHVsxLCB7ImZha2UiOiAiUlVQZFVaam9Hdk02In1dAAAGICzHOPq0TE41OkVke74WXXR2os5SBEb5zIzwrX4olDZ5";
  private static final String SENTRY =
      "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";
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlLXVzZXIiLCJpYXQiOjE3MDAwMDAwMDAsIm5hbWUiOiJGYWtlIEV4YW1wbGUifQ.CMzQfAah4iQ5wA37g-IlHlqDM8xyYiEpMoqiOLEXWts";

  // Made for this test from random entropy with the BIP-39 procedure (fake: no wallet holds it).
  private static final String PHRASE_12 =
      "hidden plastic wave gravity winner vacant display kiss chair drink before cream";
  private static final String PHRASE_24 =
      "program reopen ozone extend ten include crumble whip valve act tide drive pool evoke milk"
          + " blind tool dinner sense away economy call hidden cover";

  @Test
  void bip39PhrasesWhoseLastBitsAreTheirSha256Pass() {
    assertThat(Checksum.named("bip39").valid(PHRASE_12)).isTrue();
    assertThat(Checksum.named("bip39").valid(PHRASE_24)).isTrue();
    // BIP-39's first published test vector (trezor/python-mnemonic vectors.json): all-zero entropy.
    assertThat(Checksum.named("bip39").valid("abandon ".repeat(11) + "about")).isTrue();
  }

  @Test
  void bip39PhraseWithAWrongChecksumAWordOffTheListOrAnOddLengthFails() {
    Checksum bip39 = Checksum.named("bip39");
    // the 12-word phrase above with its last word replaced: the sum no longer holds
    assertThat(bip39.valid(PHRASE_12.replace(" cream", " abandon"))).isFalse();
    assertThat(bip39.valid(PHRASE_12.replace("plastic", "plastics"))).isFalse();
    assertThat(bip39.valid(PHRASE_12.substring(0, PHRASE_12.lastIndexOf(' ')))).isFalse();
    assertThat(bip39.valid("abandon ".repeat(12).strip())).isFalse();
  }

  @Test
  void githubTokenWithItsCrc32Passes() {
    assertThat(Checksum.named("github-crc32").valid(GITHUB)).isTrue();
  }

  @Test
  void githubTokenWithOneCharacterChangedFails() {
    String changed =
        GITHUB.substring(0, 10) + (GITHUB.charAt(10) == 'a' ? 'b' : 'a') + GITHUB.substring(11);
    assertThat(Checksum.named("github-crc32").valid(changed)).isFalse();
  }

  @Test
  void checksumIsTheBase62Crc32OfTheRandomPart() {
    String random = GITHUB.substring(4, 34);
    assertThat(Checksum.Base62Crc32.encode(Checksum.Base62Crc32.crc32(random)))
        .isEqualTo(GITHUB.substring(34));
  }

  @Test
  void pypiMacaroonStructurePasses() {
    assertThat(Checksum.named("pypi-macaroon").valid(PYPI)).isTrue();
  }

  @Test
  void pypiTokenWithBytesCutOutFails() {
    assertThat(Checksum.named("pypi-macaroon").valid(PYPI.substring(0, 40) + PYPI.substring(45)))
        .isFalse();
    assertThat(Checksum.named("pypi-macaroon").valid(PYPI.substring(0, PYPI.length() - 8)))
        .isFalse();
  }

  @Test
  void sentryOrgTokenWithItsJsonPayloadPasses() {
    assertThat(Checksum.named("sentry-org-token").valid(SENTRY)).isTrue();
    assertThat(Checksum.named("sentry-org-token").valid("sntrys_eyJmYWtlIjogdHJ1ZX0_abc"))
        .isFalse();
  }

  /** Supabase's anon key is public by design; the same project's service_role key is not. */
  @Test
  void aSupabaseAnonKeyIsNotASecretAndItsServiceRoleKeyIs() {
    String header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    String anon = jwt(header, "{\"iss\":\"supabase\",\"ref\":\"fakeprojref\",\"role\":\"anon\"}");
    String serviceRole =
        jwt(header, "{\"iss\":\"supabase\",\"ref\":\"fakeprojref\",\"role\":\"service_role\"}");

    assertThat(Checksum.named("jwt").valid(anon)).isFalse();
    assertThat(Checksum.named("jwt").valid(serviceRole)).isTrue();
  }

  /**
   * Every key of the local stack `supabase start` runs (issuer supabase-demo) is signed with the
   * CLI's published development secret: public, the service_role one too.
   */
  @Test
  void theSupabaseCliLocalStackKeysAreNotSecrets() {
    String header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    String local =
        jwt(header, "{\"iss\":\"supabase-demo\",\"role\":\"service_role\",\"exp\":1983812996}");
    String hosted = jwt(header, "{\"iss\":\"supabase-demo-x\",\"role\":\"service_role\"}");

    assertThat(Checksum.named("jwt").valid(local)).isFalse();
    assertThat(Checksum.named("jwt").valid(hosted)).isTrue();
  }

  private static String jwt(String header, String claims) {
    return header
        + "."
        + java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".Qz7vL2nT9xR4mWkP3aB6cD8eF1gH5iJ0zQ8vL3nT6xR";
  }

  @Test
  void jwtNeedsAJsonHeaderWithAnAlgorithm() {
    assertThat(Checksum.named("jwt").valid(JWT)).isTrue();
    assertThat(Checksum.named("jwt").valid("eyJub3QiOiJqd3QifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))
        .isFalse();
    assertThat(Checksum.named("jwt").valid("eyJhbGciOiJIUzI1NiJ9.bm90anNvbg.c2lnbmF0dXJl"))
        .isFalse();
  }

  @Test
  void unknownNameHasNoChecksum() {
    assertThat(Checksum.named("luhn-9000")).isNull();
  }
}
