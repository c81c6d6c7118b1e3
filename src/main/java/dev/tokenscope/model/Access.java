package dev.tokenscope.model;

/**
 * What kind of power a permission gives, comparable across providers. Ordered from least to most
 * powerful.
 */
public enum Access {
  LIST,
  READ,
  WRITE,
  DELETE,
  /** Can change who may do what (IAM policies, role bindings, token creation). */
  PERMISSIONS,
  ADMIN
}
