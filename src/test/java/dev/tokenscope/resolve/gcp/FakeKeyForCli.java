package dev.tokenscope.resolve.gcp;

/**
 * Gives tests outside this package a fake service-account key (see {@link FakeServiceAccountKeys}).
 */
public final class FakeKeyForCli {
  private FakeKeyForCli() {}

  public static String json() {
    return FakeServiceAccountKeys.json();
  }
}
