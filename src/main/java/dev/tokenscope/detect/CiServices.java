package dev.tokenscope.detect;

import dev.tokenscope.model.Location;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CI job's own service container: a database or broker the job starts for its tests (GitHub
 * Actions' {@code services:}, GitLab CI's {@code services:} with {@code variables:}, CircleCI's
 * secondary {@code docker:} images, Bitbucket, Azure Pipelines, Drone and Woodpecker services) and
 * gives a password through the image's initialisation variable ({@code POSTGRES_PASSWORD}, {@code
 * MYSQL_ROOT_PASSWORD} … as the images' own documentation on Docker Hub names them). The container
 * exists only while the job runs and is reachable only from it, so its password opens nothing.
 *
 * <p>A credential in such a file whose value is one of those passwords gets attribute {@code
 * context: ci-service}, and the assessor lowers it to {@code info} (shown, never dropped): on the
 * variable's own line, or on a line that reaches the container (a URL to {@code localhost}, a
 * loop-back address or a host name without a dot, which is a container's name on the job's
 * network). The same value in a URL to any other host is untouched: that is a real database.
 */
public final class CiServices {
  /** The {@link dev.tokenscope.model.Credential#CONTEXT} a CI service container's password gets. */
  public static final String VALUE = "ci-service";

  /** CI configuration files of the systems that run service containers beside a job. */
  private static final Pattern CI_FILE =
      Pattern.compile(
          "(?:^|/)(?:\\.github/workflows/[^/]+|(?:[^/]*\\.)?gitlab-ci|\\.circleci/config"
              + "|bitbucket-pipelines|azure-pipelines|\\.drone|\\.woodpecker(?:/[^/]+)?)\\.ya?ml$");

  /** Where the file declares containers beside the job. */
  private static final Pattern CONTAINERS =
      Pattern.compile("(?m)^[ \\t]*(?:services|docker|containers):");

  /**
   * An official image's initialisation variable for its password, and the value set (in YAML, as a
   * mapping entry, a list's {@code NAME=value} or a {@code -e NAME=value} option).
   */
  private static final Pattern INIT_PASSWORD =
      Pattern.compile(
          "(?<![A-Za-z0-9_])[\"']?(?:POSTGRES_PASSWORD|POSTGRESQL_PASSWORD|MYSQL_ROOT_PASSWORD"
              + "|MYSQL_PASSWORD|MARIADB_ROOT_PASSWORD|MARIADB_PASSWORD|MONGO_INITDB_ROOT_PASSWORD"
              + "|MONGODB_ROOT_PASSWORD|MONGODB_PASSWORD|RABBITMQ_DEFAULT_PASS|MSSQL_SA_PASSWORD"
              + "|SA_PASSWORD|ORACLE_PASSWORD|APP_USER_PASSWORD|ELASTIC_PASSWORD|MINIO_ROOT_PASSWORD"
              + "|REDIS_PASSWORD|CLICKHOUSE_PASSWORD|NEO4J_AUTH|KEYCLOAK_ADMIN_PASSWORD"
              + "|CASSANDRA_PASSWORD|COUCHDB_PASSWORD|INFLUXDB_INIT_PASSWORD"
              + "|DOCKER_INFLUXDB_INIT_PASSWORD)[\"']?[ \\t]*[:=][ \\t]*([\"']?)([^\\s\"'#]+)\\1");

  /** A URL's host after its user information. */
  private static final Pattern HOST = Pattern.compile("@(\\[[0-9A-Fa-f:]+\\]|[A-Za-z0-9_.-]+)");

  private static final Pattern LOOPBACK = Pattern.compile("127(?:\\.[0-9]{1,3}){3}");

  private CiServices() {}

  /** True when some origin is a CI configuration file that can declare service containers. */
  static boolean inCiFile(List<Location> origins) {
    for (Location origin : origins) {
      if (origin.path() != null && CI_FILE.matcher(origin.path()).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The passwords the file gives its service containers, or none when it declares no container.
   * {@code NEO4J_AUTH}'s value is {@code user/password}: its password is what follows the slash.
   */
  static Set<String> passwords(String text) {
    if (!CONTAINERS.matcher(text).find()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    Matcher m = INIT_PASSWORD.matcher(text);
    while (m.find()) {
      String value = m.group(2);
      int slash = value.indexOf('/');
      out.add(value);
      if (m.group().startsWith("NEO4J_AUTH") && slash >= 0) {
        out.add(value.substring(slash + 1));
      }
    }
    return out;
  }

  /**
   * True when the line, which holds one of the file's service passwords, reaches only a container:
   * every host a URL on it names after {@code @} is {@code localhost}, a loop-back address or a
   * name without a dot.
   */
  static boolean onlyContainerHosts(String line) {
    Matcher m = HOST.matcher(line);
    while (m.find()) {
      String host = m.group(1);
      boolean local =
          host.equalsIgnoreCase("localhost")
              || LOOPBACK.matcher(host).matches()
              || host.equals("0.0.0.0")
              || host.equals("[::1]")
              || (host.indexOf('.') < 0 && !host.startsWith("["));
      if (!local) {
        return false;
      }
    }
    return true;
  }
}
