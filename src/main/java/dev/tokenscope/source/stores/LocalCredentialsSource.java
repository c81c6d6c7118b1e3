package dev.tokenscope.source.stores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Messages;
import dev.tokenscope.model.YamlTrees;
import dev.tokenscope.source.FileSource;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The credential files of the machine tokenscope runs on: exactly what an agent or a malicious
 * package on a developer's machine would find. Each file is scanned whole (so provider rules see it
 * with line numbers) and parsed for its format, so a password under a credential-named key is
 * reported even when no provider rule knows it, and base64-wrapped values (Docker {@code auth},
 * kubeconfig {@code client-key-data}, npm {@code _auth}) are decoded and scanned. Reads files only:
 * credential helpers and keychains are named, not queried.
 */
final class LocalCredentialsSource implements Source {
  private static final Set<String> SKIPPED_DIRS =
      Set.of(
          ".git",
          "node_modules",
          "vendor",
          ".venv",
          "venv",
          "__pycache__",
          "target",
          "build",
          "dist");

  /** The known files, relative to the home directory, and how each is read. */
  private enum Kind {
    INI,
    JSON,
    YAML,
    NPMRC,
    NETRC,
    GIT_CREDENTIALS,
    DOTENV
  }

  private record Known(String path, Kind kind) {}

  private static final List<Known> KNOWN =
      List.of(
          new Known(".aws/credentials", Kind.INI),
          new Known(".aws/config", Kind.INI),
          new Known(".config/gcloud/application_default_credentials.json", Kind.JSON),
          new Known(".boto", Kind.INI),
          new Known(".docker/config.json", Kind.JSON),
          new Known(".npmrc", Kind.NPMRC),
          new Known(".pypirc", Kind.INI),
          new Known(".netrc", Kind.NETRC),
          new Known("_netrc", Kind.NETRC),
          new Known(".git-credentials", Kind.GIT_CREDENTIALS),
          new Known(".config/git/credentials", Kind.GIT_CREDENTIALS),
          new Known(".kube/config", Kind.YAML),
          new Known(".config/gh/hosts.yml", Kind.YAML),
          new Known(".railway/config.json", Kind.JSON));

  private final Path home;
  private final Path envRoot;
  private final Function<SourceSink, StoreScanner> scanners;

  /**
   * @param envRoot a folder whose {@code .env} files are read too, or null
   */
  LocalCredentialsSource(Path home, Path envRoot, Function<SourceSink, StoreScanner> scanners) {
    this.home = home;
    this.envRoot = envRoot;
    this.scanners = scanners;
  }

  @Override
  public String describe() {
    return "credential files under "
        + home
        + (envRoot == null ? "" : " and .env files under " + envRoot);
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    if (!Files.isDirectory(home)) {
      sink.problem(
          home.toString(), "home directory not found: give an existing folder with --home");
    } else {
      for (Known known : KNOWN) {
        Path file = home.resolve(known.path());
        if (Files.isRegularFile(file)) {
          readFile(file, known.kind(), scanner);
        }
      }
      readGcloudLegacy(scanner);
    }
    if (envRoot != null) {
      readEnvFiles(scanner);
    }
  }

  private void readGcloudLegacy(StoreScanner scanner) {
    Path gcloud = home.resolve(".config/gcloud");
    for (String db : List.of("credentials.db", "access_tokens.db")) {
      if (Files.isRegularFile(gcloud.resolve(db))) {
        scanner
            .sink()
            .skipped(
                gcloud.resolve(db).toString(),
                "gcloud keeps its credentials in this SQLite database, which tokenscope does not open; `gcloud auth list` shows the accounts it holds");
      }
    }
    Path legacy = gcloud.resolve("legacy_credentials");
    if (!Files.isDirectory(legacy)) {
      return;
    }
    try (DirectoryStream<Path> accounts = Files.newDirectoryStream(legacy)) {
      for (Path account : accounts) {
        for (String name : List.of("adc.json", ".boto")) {
          Path file = account.resolve(name);
          if (Files.isRegularFile(file)) {
            readFile(file, name.endsWith(".json") ? Kind.JSON : Kind.INI, scanner);
          }
        }
      }
    } catch (IOException e) {
      scanner.sink().problem(legacy.toString(), "cannot list: " + e.getMessage());
    }
  }

  private void readEnvFiles(StoreScanner scanner) {
    if (!Files.isDirectory(envRoot)) {
      scanner
          .sink()
          .problem(envRoot.toString(), "folder not found: give an existing folder with --env-root");
      return;
    }
    try {
      Files.walkFileTree(
          envRoot,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(envRoot) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = file.getFileName().toString();
              if (attrs.isRegularFile()
                  && (name.equals(".env") || name.startsWith(".env.") || name.endsWith(".env"))) {
                readFile(file, Kind.DOTENV, scanner);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              scanner.sink().problem(file.toString(), "cannot read: " + e.getMessage());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | UncheckedIOException e) {
      scanner.sink().problem(envRoot.toString(), "cannot list: " + e.getMessage());
    }
  }

  private void readFile(Path file, Kind kind, StoreScanner scanner) {
    SourceSink sink = scanner.sink();
    String name = file.toString();
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = scanner.text(name, bytes);
      if (text == null) {
        return;
      }
    } catch (IOException e) {
      sink.problem(
          name,
          "cannot read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
      return;
    }
    sink.stats().files.incrementAndGet();
    Location where = Location.file(name);
    List<StoreEntry> entries = new ArrayList<>();
    List<StoreEntry> decoded = new ArrayList<>();
    Lines lines = new Lines(text, where);
    switch (kind) {
      case INI, DOTENV -> keyValueLines(lines, entries);
      case NPMRC -> {
        keyValueLines(lines, entries);
        for (StoreEntry entry : List.copyOf(entries)) {
          if (entry.key().endsWith("_auth") || entry.key().endsWith("_password")) {
            decodeBase64(entry.value())
                .ifPresent(
                    plain ->
                        decoded.add(
                            new StoreEntry(
                                entry.key().endsWith("_auth") ? "password" : entry.key(),
                                afterColon(plain),
                                entry.where())));
          }
        }
      }
      case NETRC -> netrc(lines, entries);
      case GIT_CREDENTIALS -> gitCredentials(lines, entries);
      case JSON, YAML -> {
        try {
          JsonNode root =
              kind == Kind.JSON
                  ? JsonEntries.JSON.readTree(text)
                  : YamlTrees.mapper().readTree(text);
          if (root != null) {
            structured(root, lines, entries, decoded, name, sink);
          }
        } catch (IOException e) {
          sink.problem(
              name,
              "not valid "
                  + kind
                  + " ("
                  + Messages.firstLine(e.getMessage(), "unreadable")
                  + "); scanned as plain text only");
        }
      }
    }
    scanner.scan(text, where, entries);
    for (StoreEntry entry : decoded) {
      // Blank lines ahead of a decoded value make the detector's line numbers those of the file.
      String padding = "\n".repeat(Math.max(0, entry.where().line() - 1));
      scanner.scan(padding + entry.key() + ": " + entry.value(), where, List.of(entry));
    }
  }

  /** JSON and YAML files: every leaf, plus the base64 fields that wrap a credential. */
  private static void structured(
      JsonNode root,
      Lines lines,
      List<StoreEntry> entries,
      List<StoreEntry> decoded,
      String name,
      SourceSink sink) {
    List<StoreEntry> leaves = new ArrayList<>();
    JsonEntries.flatten("", root, lines.whole(), leaves);
    for (StoreEntry leaf : leaves) {
      entries.add(new StoreEntry(leaf.key(), leaf.value(), lines.locate(leaf.value())));
    }
    // Docker: auths.<registry>.auth is base64 of user:password; a credential helper keeps them
    // elsewhere.
    root.path("auths")
        .fields()
        .forEachRemaining(
            e ->
                decodeBase64(e.getValue().path("auth").asText(""))
                    .ifPresent(
                        plain ->
                            decoded.add(
                                new StoreEntry(
                                    "password",
                                    afterColon(plain),
                                    lines.locate(e.getValue().path("auth").asText())))));
    if (root.hasNonNull("credsStore")) {
      sink.skipped(
          name,
          "Docker keeps registry credentials in docker-credential-"
              + root.get("credsStore").asText()
              + ", which tokenscope does not query");
    }
    root.path("credHelpers")
        .fields()
        .forEachRemaining(
            e ->
                sink.skipped(
                    name,
                    "credentials for "
                        + e.getKey()
                        + " are kept by docker-credential-"
                        + e.getValue().asText()
                        + ", which tokenscope does not query"));
    // Kubeconfig: client-key-data is a base64 PEM private key.
    for (JsonNode user : root.path("users")) {
      String keyData = user.path("user").path("client-key-data").asText("");
      decodeBase64(keyData)
          .ifPresent(
              pem -> decoded.add(new StoreEntry("client_private_key", pem, lines.locate(keyData))));
      if (user.path("user").has("exec")) {
        sink.skipped(
            name,
            "user "
                + user.path("name").asText("?")
                + " gets its token from the command "
                + user.path("user").path("exec").path("command").asText("?")
                + ", which tokenscope does not run");
      }
    }
  }

  /**
   * {@code key = value} and {@code KEY=value} lines (INI, .env, .npmrc), comments and sections
   * ignored.
   */
  private static void keyValueLines(Lines lines, List<StoreEntry> entries) {
    for (int i = 0; i < lines.count(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      int colon = line.indexOf(':');
      int split = eq > 0 ? eq : -1;
      if (split < 0 && colon > 0 && !line.startsWith("//")) {
        split = colon; // .pypirc allows "password: ..."
      }
      if (split <= 0) {
        continue;
      }
      String key = line.substring(0, split).strip();
      String value = unquote(line.substring(split + 1).strip());
      if (!value.isEmpty()) {
        entries.add(new StoreEntry(key, value, lines.at(i, value)));
      }
    }
  }

  /**
   * The {@code machine}, {@code login} and {@code password} tokens of a .netrc file, over one or
   * many lines.
   */
  private static void netrc(Lines lines, List<StoreEntry> entries) {
    for (int i = 0; i < lines.count(); i++) {
      String[] words = lines.get(i).strip().split("\\s+");
      for (int w = 0; w + 1 < words.length; w++) {
        if (words[w].equals("password") || words[w].equals("account")) {
          entries.add(new StoreEntry("password", words[w + 1], lines.at(i, words[w + 1])));
        }
      }
    }
  }

  /** {@code https://user:token@host} lines, as git's credential store writes them. */
  private static void gitCredentials(Lines lines, List<StoreEntry> entries) {
    for (int i = 0; i < lines.count(); i++) {
      String line = lines.get(i).strip();
      int scheme = line.indexOf("://");
      int at = line.lastIndexOf('@');
      if (scheme < 0 || at < scheme) {
        continue;
      }
      String userInfo = line.substring(scheme + 3, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        String password =
            java.net.URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
        entries.add(
            new StoreEntry("password", password, lines.at(i, userInfo.substring(colon + 1))));
      }
    }
  }

  private static java.util.Optional<String> decodeBase64(String value) {
    if (value == null || value.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(value.strip());
      return FileSource.isBinary(bytes)
          ? java.util.Optional.empty()
          : java.util.Optional.of(FileSource.decode(bytes));
    } catch (IllegalArgumentException e) {
      return java.util.Optional
          .empty(); // Not base64: the raw value was scanned with the file already.
    }
  }

  /** The password part of {@code user:password}. */
  private static String afterColon(String userColonPassword) {
    int colon = userColonPassword.indexOf(':');
    return colon < 0 ? userColonPassword : userColonPassword.substring(colon + 1);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    int comment = value.indexOf(" #");
    return comment < 0 ? value : value.substring(0, comment).strip(); // KEY=value # note
  }

  /** A file's lines, for locating entries by line and column. */
  private static final class Lines {
    private final String[] lines;
    private final Location where;

    Lines(String text, Location where) {
      this.lines = text.split("\n", -1);
      this.where = where;
    }

    int count() {
      return lines.length;
    }

    String get(int index) {
      return lines[index];
    }

    Location whole() {
      return where;
    }

    Location at(int index, String value) {
      int column = lines[index].indexOf(value);
      return where.at(index + 1, column < 0 ? 1 : column + 1);
    }

    /** Where a value first occurs, or the whole file when it cannot be found (escaped in JSON). */
    Location locate(String value) {
      if (value == null || value.isEmpty()) {
        return where;
      }
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(value)) {
          return at(i, value);
        }
      }
      return where;
    }
  }
}
