package dev.tokenscope;

/** The version of tokenscope, as in the pom. */
public final class Version {
  public static final String VALUE = "0.1.0";

  private Version() {}
}
