package dev.tokenscope.model;

/**
 * One thing a credential may do: a provider action ({@code rds:DeleteDBInstance}, {@code
 * roles/editor}, {@code repo}, {@code volumeDelete}) on a resource ({@code *} for everything the
 * principal reaches), with its comparable {@link Access} level. {@code conditional} is true when
 * the grant depends on a condition tokenscope does not evaluate (an IAM Condition, a GCP binding
 * condition).
 */
public record Permission(String action, String resource, Access access, boolean conditional) {

  public static Permission of(String action, String resource, Access access) {
    return new Permission(action, resource, access, false);
  }
}
