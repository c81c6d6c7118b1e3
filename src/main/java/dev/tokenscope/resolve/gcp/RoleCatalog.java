package dev.tokenscope.resolve.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Google's predefined IAM roles and the permissions each includes, from the bundled data file
 * {@code rules/catalog/gcp-roles.json} (its {@code provenance} says where the data came from;
 * {@code scripts/refresh-gcp-roles.sh} regenerates it from the live {@code roles.list} API).
 */
final class RoleCatalog {
  static final String RESOURCE = "rules/catalog/gcp-roles.json";
  static final Set<String> BASIC_ROLES =
      Set.of("roles/owner", "roles/editor", "roles/viewer", "roles/browser");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile RoleCatalog bundled;

  /** A role: its title, whether the catalog lists all its permissions, and the permissions. */
  record Role(String name, String title, boolean complete, List<String> permissions) {
    Role {
      permissions = List.copyOf(permissions);
    }
  }

  private final Map<String, Role> roles;
  private final String provenance;

  RoleCatalog(Map<String, Role> roles, String provenance) {
    this.roles = Map.copyOf(roles);
    this.provenance = provenance;
  }

  static RoleCatalog bundled() {
    RoleCatalog catalog = bundled;
    if (catalog == null) {
      try (InputStream in = RoleCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the jar");
        }
        catalog = parse(JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      bundled = catalog;
    }
    return catalog;
  }

  static RoleCatalog parse(JsonNode root) {
    Map<String, Role> roles = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("roles").properties()) {
      List<String> permissions = new ArrayList<>();
      e.getValue().path("permissions").forEach(p -> permissions.add(p.asText()));
      roles.put(
          e.getKey(),
          new Role(
              e.getKey(),
              e.getValue().path("title").asText(""),
              e.getValue().path("complete").asBoolean(true),
              permissions));
    }
    return new RoleCatalog(roles, root.path("provenance").path("source").asText(""));
  }

  Optional<Role> role(String name) {
    return Optional.ofNullable(roles.get(name));
  }

  int size() {
    return roles.size();
  }

  String provenance() {
    return provenance;
  }

  static boolean isBasic(String role) {
    return BASIC_ROLES.contains(role);
  }
}
