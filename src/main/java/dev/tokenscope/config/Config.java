package dev.tokenscope.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenscope.http.BaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The user's configuration, {@code .tokenscope.yaml}: the allow-list of known fixtures (path globs,
 * fingerprints, rule ids), the failure threshold, per-provider settings (base URLs for self-hosted
 * installs), the database hosts resolution may connect to, the inventory path and the assessment
 * settings. Command-line flags override it. Unknown keys are an error, so a typo is not silently
 * ignored.
 */
public record Config(
    @JsonProperty("allow") Allow allow,
    @JsonProperty("fail_on") String failOn,
    @JsonProperty("providers") Map<String, ProviderSettings> providers,
    @JsonProperty("database") Database database,
    @JsonProperty("inventory") String inventory,
    @JsonProperty("assess") Assess assess,
    @JsonProperty("fingerprint_key") String fingerprintKey) {

  public static final String FILE_NAME = ".tokenscope.yaml";

  /** Made on first parse: a scan without a config file never pays for a YAML mapper. */
  private static final class Yaml {
    static final ObjectMapper MAPPER =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public Config {
    allow = allow == null ? Allow.NONE : allow;
    providers = providers == null ? Map.of() : Map.copyOf(providers);
    database = database == null ? Database.NONE : database;
    assess = assess == null ? Assess.DEFAULTS : assess;
  }

  /** The config without a fingerprint key. */
  public Config(
      Allow allow,
      String failOn,
      Map<String, ProviderSettings> providers,
      Database database,
      String inventory,
      Assess assess) {
    this(allow, failOn, providers, database, inventory, assess, null);
  }

  /** The config without an {@code assess:} section. */
  public Config(
      Allow allow,
      String failOn,
      Map<String, ProviderSettings> providers,
      Database database,
      String inventory) {
    this(allow, failOn, providers, database, inventory, null);
  }

  /**
   * Assessment settings: days after which an unused token is stale, the longest a token may live,
   * and severity overrides per finding kind ({@code UNKNOWN_TOKEN: high}). Null means the bundled
   * default from {@code rules/policies/_severities.yaml}.
   */
  public record Assess(
      @JsonProperty("stale_days") Integer staleDays,
      @JsonProperty("max_age_days") Integer maxAgeDays,
      @JsonProperty("severities") Map<String, String> severities) {
    static final Assess DEFAULTS = new Assess(null, null, null);

    public Assess {
      severities = severities == null ? Map.of() : Map.copyOf(severities);
    }
  }

  /** What the user declared known and harmless: never reported. */
  public record Allow(
      @JsonProperty("paths") List<String> paths,
      @JsonProperty("fingerprints") List<String> fingerprints,
      @JsonProperty("rules") List<String> rules) {
    static final Allow NONE = new Allow(List.of(), List.of(), List.of());

    public Allow {
      paths = paths == null ? List.of() : List.copyOf(paths);
      fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * Settings for one provider's API. {@code namespace} is sent as Vault's {@code X-Vault-Namespace}
   * header (Vault Enterprise and HCP Vault).
   */
  public record ProviderSettings(
      @JsonProperty("base_url") String baseUrl, @JsonProperty("namespace") String namespace) {
    public ProviderSettings(String baseUrl) {
      this(baseUrl, null);
    }
  }

  /**
   * Database credentials are resolved only against hosts the user allows (glob patterns), because
   * scanned content chooses the host: off by default.
   */
  public record Database(@JsonProperty("allow_hosts") List<String> allowHosts) {
    static final Database NONE = new Database(List.of());

    public Database {
      allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
    }
  }

  public static Config empty() {
    return new Config(null, null, null, null, null, null, null);
  }

  /**
   * Reads a config file; a malformed one is a {@link ConfigException} naming the file, the line and
   * the key. Base URLs are checked here (see {@link BaseUrl}), so a bad one stops the run before
   * any token is sent.
   */
  public static Config load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses config text; {@code where} names it in messages. */
  public static Config parse(String text, String where) throws ConfigException {
    Config config = ConfigReader.read(text).orElse(null);
    if (config == null) {
      config = bind(text, where);
    }
    for (Map.Entry<String, ProviderSettings> provider : config.providers().entrySet()) {
      String url = provider.getValue() == null ? null : provider.getValue().baseUrl();
      if (url != null) {
        try {
          BaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              where + ": providers." + provider.getKey() + ".base_url " + e.getMessage());
        }
      }
    }
    for (String glob : config.allow().paths()) {
      try {
        java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (RuntimeException e) {
        throw new ConfigException(
            where + ": allow.paths '" + glob + "' is not a valid glob: " + e.getMessage());
      }
    }
    return config;
  }

  /**
   * Config text read by Jackson's data binding, which says what is wrong and where: the path for
   * every file {@link ConfigReader} leaves undecided.
   */
  static Config bind(String text, String where) throws ConfigException {
    Config config;
    try {
      config = Yaml.MAPPER.readValue(text, Config.class);
    } catch (UnrecognizedPropertyException e) {
      String key = key(e);
      throw new ConfigException(
          where
              + ":"
              + KeyLines.of(text).line(e.getPath(), e.getLocation())
              + ": unknown key '"
              + key
              + "' (known there: "
              + e.getKnownPropertyIds()
              + ")");
    } catch (MismatchedInputException e) {
      String key = key(e);
      throw new ConfigException(
          where
              + ":"
              + KeyLines.of(text).line(e.getPath(), e.getLocation())
              + ": "
              + (key.isEmpty() ? "the file" : "'" + key + "'")
              + " has the wrong type: "
              + expected(e));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(where + ":" + line + ": " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // The YAML parser can fail in ways Jackson does not wrap (deep nesting, bad aliases).
      throw new ConfigException(where + ": not a valid YAML config: " + e.getMessage());
    }
    return config == null ? empty() : config;
  }

  /** The dotted path of the key a Jackson error is about ({@code assess.stale_days}). */
  private static String key(com.fasterxml.jackson.databind.JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
        .collect(java.util.stream.Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String expected(MismatchedInputException e) {
    Class<?> type = e.getTargetType();
    if (type == null) {
      return e.getOriginalMessage();
    }
    if (List.class.isAssignableFrom(type)) {
      return "expected a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "expected a mapping of keys";
    }
    if (type == Integer.class || type == int.class) {
      return "expected a whole number";
    }
    return "expected " + (type == String.class ? "a text value" : type.getSimpleName());
  }

  /** The base URL configured for a provider, or the provider's public default. */
  public String baseUrl(String provider, String defaultUrl) {
    ProviderSettings settings = providers.get(provider);
    return settings == null || settings.baseUrl() == null ? defaultUrl : settings.baseUrl();
  }

  /** A provider's configured namespace (Vault), or null. */
  public String namespace(String provider) {
    ProviderSettings settings = providers.get(provider);
    return settings == null ? null : settings.namespace();
  }

  /**
   * A copy that allows no database host (under {@code --replay}, nothing may leave the process).
   */
  public Config withoutDatabaseHosts() {
    return new Config(allow, failOn, providers, Database.NONE, inventory, assess, fingerprintKey);
  }

  /** A copy with some providers' base URLs replaced (used by {@code --replay}). */
  public Config withBaseUrls(Map<String, String> urls) {
    Map<String, ProviderSettings> merged = new java.util.HashMap<>(providers);
    urls.forEach(
        (provider, url) ->
            merged.put(
                provider,
                new ProviderSettings(
                    url, merged.containsKey(provider) ? merged.get(provider).namespace() : null)));
    return new Config(allow, failOn, merged, database, inventory, assess, fingerprintKey);
  }
}
