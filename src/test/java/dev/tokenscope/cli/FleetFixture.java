package dev.tokenscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;

/**
 * Local git repositories and scan stores for fleet tests: each store kind is a fresh embedded file
 * or a fresh database on a real PostgreSQL server started once per test class.
 */
final class FleetFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private FleetFixture() {}

  /** A fake, well-formed AWS access key id, different for each n. */
  static String key(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder("AKIA");
    long x = 0x9E3779B97F4A7C15L * (n + 11);
    for (int k = 0; k < 16; k++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      out.append(alphabet.charAt((int) Math.floorMod(x, (long) alphabet.length())));
    }
    return out.toString();
  }

  /** A repository with one commit writing {@code file} = {@code content}. */
  static Path repository(Path dir, String name, String file, String content) throws Exception {
    Path work = dir.resolve(name);
    Git.init().setDirectory(work.toFile()).setInitialBranch("main").call().close();
    commit(work, file, content);
    return work;
  }

  static void commit(Path work, String file, String content) throws Exception {
    try (Git git = Git.open(work.toFile())) {
      Path path = work.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, content);
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("change " + file)
          .setAuthor("Dev", "dev@example.com")
          .setCommitter("Dev", "dev@example.com")
          .setSign(false)
          .call();
    }
  }

  static Path list(Path dir, List<Path> repositories) throws Exception {
    Path list = dir.resolve("repos.txt");
    List<String> lines = new ArrayList<>();
    repositories.forEach(r -> lines.add(r.toString()));
    Files.write(list, lines);
    return list;
  }

  static String embeddedStore(Path dir) {
    return dev.tokenscope.store.StoreUrls.embedded(
        dir.resolve("store-" + DATABASES.incrementAndGet()));
  }

  /** A fresh store of the given kind: "embedded" or "postgres". */
  static String store(String kind, Path dir, EmbeddedPostgres postgres) throws Exception {
    if (kind.equals("embedded")) {
      return dev.tokenscope.store.StoreUrls.embedded(
          dir.resolve("store-" + DATABASES.incrementAndGet()));
    }
    String name = "fleet" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  /** Where each reported credential was first found: repository name and file, never the secret. */
  static List<String> reported(String json) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode f : JSON.readTree(json).get("findings")) {
      String path = f.get("locations").get(0).get("path").asText();
      Path p = Path.of(path.replaceFirst("^file://", ""));
      out.add(
          p.getParent().getParent().getFileName()
              + "/"
              + p.getParent().getFileName()
              + "/"
              + p.getFileName());
    }
    return out;
  }
}
