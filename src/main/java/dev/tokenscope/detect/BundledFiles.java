package dev.tokenscope.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.YamlTrees;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files shipped beside the rules ({@code rules/detectors/_*.yaml}, {@code rules/catalog/…}),
 * from the jar.
 */
final class BundledFiles {
  private BundledFiles() {}

  /**
   * The YAML tree of a bundled {@code rules/detectors/} file. A missing or unreadable one is a
   * broken build, not a user's mistake: an {@link IllegalStateException} naming it.
   */
  static JsonNode tree(String fileName) {
    try {
      return YamlTrees.mapper().readTree(bytes("rules/detectors/" + fileName));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read bundled rules/detectors/" + fileName + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of a bundled resource; missing or unreadable, an {@link IllegalStateException}. */
  static byte[] bytes(String resource) {
    try (InputStream in = BundledFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled " + resource + " missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled " + resource + ": " + e.getMessage(), e);
    }
  }
}
