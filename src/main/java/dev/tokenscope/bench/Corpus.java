package dev.tokenscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.zip.CRC32;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Generated benchmark input: folders of source-like text (Java, Python, YAML, JavaScript, lock-file
 * hashes, comments) with a well-formed fake credential planted every few hundred lines, and a git
 * history whose commits keep rewriting part of such a tree. Seeded, so every run measures the same
 * bytes.
 */
public final class Corpus {
  private static final int FILE_BYTES = 32 * 1024;
  private static final String[] WORDS = {
    "order",
    "customer",
    "invoice",
    "payment",
    "account",
    "session",
    "request",
    "response",
    "handler",
    "service",
    "repository",
    "config",
    "timeout",
    "retry",
    "cache",
    "queue",
    "event",
    "metric",
    "user",
    "token",
    "client",
    "server",
    "billing",
    "report",
    "export",
    "import",
    "batch",
    "record",
    "item",
    "total",
    "price",
    "quantity",
    "status",
    "region",
    "bucket",
    "upload",
    "download",
    "schema",
    "table",
    "index",
    "query",
    "result",
    "error",
  };
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final Random random;

  public Corpus(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Writes about {@code bytes} of text into {@code dir}, in 32 KiB files spread over sub-folders.
   */
  public int writeTree(Path dir, long bytes) throws IOException {
    int files = (int) Math.max(1, bytes / FILE_BYTES);
    for (int i = 0; i < files; i++) {
      writeFile(dir, i);
    }
    return files;
  }

  private Path writeFile(Path dir, int index) throws IOException {
    String[] extensions = {".java", ".py", ".yaml", ".js", ".lock"};
    Path file =
        dir.resolve("module" + (index % 37))
            .resolve("pkg" + (index % 11))
            .resolve("file" + index + extensions[index % extensions.length]);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text(FILE_BYTES), StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Builds a git repository in {@code dir} with about {@code bytes} of unique blob content: a first
   * commit with a quarter of it, then commits that each rewrite a fifth of the files.
   *
   * @return the number of commits
   */
  public int writeHistory(Path dir, long bytes) throws IOException {
    long initial = Math.max(FILE_BYTES, bytes / 4);
    int files = (int) Math.max(1, initial / FILE_BYTES);
    int perCommit = Math.max(1, files / 5);
    int commits = (int) Math.max(1, (bytes - initial) / ((long) perCommit * FILE_BYTES));
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (int i = 0; i < files; i++) {
        writeFile(dir, i);
      }
      commit(git, 0);
      for (int c = 1; c <= commits; c++) {
        for (int k = 0; k < perCommit; k++) {
          writeFile(dir, random.nextInt(files));
        }
        commit(git, c);
      }
      // Real repositories keep their history in packs; loose objects would measure the file system.
      git.gc().call();
      return commits + 1;
    } catch (GitAPIException e) {
      throw new IOException("cannot build the benchmark repository: " + e.getMessage(), e);
    }
  }

  private static void commit(Git git, int n) throws GitAPIException {
    git.add().addFilepattern(".").call();
    PersonIdent who =
        new PersonIdent(
            "Bench",
            "bench@example.com",
            Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * n),
            ZoneOffset.UTC);
    git.commit().setMessage("change " + n).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  /** About {@code bytes} of source-like lines, a fake credential every 200 lines or so. */
  String text(int bytes) {
    StringBuilder out = new StringBuilder(bytes + 256);
    while (out.length() < bytes) {
      out.append(random.nextInt(200) == 0 ? plantedLine() : line()).append('\n');
    }
    return out.toString();
  }

  private String line() {
    String a = word();
    String b = word();
    return switch (random.nextInt(10)) {
      case 0 ->
          "    private final Map<String, List<"
              + cap(a)
              + ">> "
              + a
              + "By"
              + cap(b)
              + " = new HashMap<>();";
      case 1 -> "def handle_" + a + "_" + b + "(self, request, *args, **kwargs):";
      case 2 -> "  " + a + "_" + b + ": " + random.nextInt(10000);
      case 3 ->
          "// Compute the "
              + a
              + " before sending the "
              + b
              + " to the upstream "
              + word()
              + " service.";
      case 4 -> "import com.example." + a + "." + cap(b) + "Repository;";
      case 5 ->
          "const "
              + a
              + " = items.reduce((sum, "
              + b
              + ") => sum + "
              + b
              + ".price * "
              + b
              + ".quantity, 0);";
      case 6 -> "  integrity sha512-" + chars(ALNUM, 86) + "==";
      case 7 ->
          "    if ("
              + a
              + " == null || "
              + b
              + ".isEmpty()) { throw new IllegalStateException(\"no "
              + a
              + "\"); }";
      case 8 -> "        \"" + a + "_id\": \"" + hex(32) + "\",";
      default ->
          "    return "
              + a
              + "."
              + b
              + "("
              + random.nextInt(100)
              + ", \""
              + word()
              + "-"
              + word()
              + "\");";
    };
  }

  private String plantedLine() {
    return switch (random.nextInt(5)) {
      case 0 -> "aws_access_key_id = " + "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
      case 1 -> "export GITHUB_TOKEN=" + githubToken("ghp_");
      case 2 -> "SLACK_BOT_TOKEN=xoxb-" + digits(12) + "-" + digits(13) + "-" + chars(ALNUM, 24);
      case 3 -> "  url: postgresql://app:" + chars(ALNUM, 20) + "@db.internal:5432/" + word();
      default -> "stripe.api_key = \"sk_live_" + chars(ALNUM, 24) + "\"";
    };
  }

  /** A GitHub token with its CRC32 checksum, base62-encoded, as GitHub issues them. */
  private String githubToken(String prefix) {
    return withCrc32(prefix, chars(ALNUM, 30));
  }

  /**
   * {@code prefix + body} and the CRC32 of the body in six base62 characters: GitHub's and npm's
   * token format.
   */
  static String withCrc32(String prefix, String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] sum = new char[6];
    for (int i = 5; i >= 0; i--) {
      sum[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return prefix + body + new String(sum);
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String cap(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private String chars(String alphabet, int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(out);
  }

  private String digits(int n) {
    return chars("0123456789", n);
  }

  private String hex(int n) {
    return chars("0123456789abcdef", n);
  }
}
