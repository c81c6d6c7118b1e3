package dev.tokenscope.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The one plain YAML mapper of the program (rules, filters, policies, inventories, liveness
 * declarations, recorded exchanges, credential files), made the first time a YAML file is read:
 * setting a mapper up costs a commit hook's short scan more CPU than its scan, and such a scan
 * reads no YAML with it. A configured mapper is thread-safe. The config file has its own strict
 * reader ({@code Config}), which refuses unknown keys.
 */
public final class YamlTrees {
  private YamlTrees() {}

  /** The shared mapper. */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
  }
}
