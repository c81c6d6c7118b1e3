package dev.tokenscope.detect;

import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Location;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput of {@link Detector#detect} with every bundled rule over a synthetic corpus of source
 * and configuration files (code, YAML, JSON, lock-file hashes, URLs, the keywords rules look for,
 * and a planted fake token every few hundred KiB). Not a test: run it by hand,
 *
 * <pre>
 *   mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.tokenscope.detect.DetectorBench [MB|DIR] [threads]
 * </pre>
 *
 * Given a folder instead of a size, it scans that folder's text files (read into memory first).
 */
public final class DetectorBench {
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private DetectorBench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "64";
    int threads =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Detector detector = Detector.of(RuleSet.bundled());
    List<String> files =
        what.matches("\\d+")
            ? corpus(Integer.parseInt(what) * 1024L * 1024L, new Random(42))
            : textFiles(Path.of(what));
    long bytes = files.stream().mapToLong(String::length).sum();
    System.out.printf(
        "rules: %d, corpus: %d files, %.1f MB, threads: %d%n",
        detector.rules().size(), files.size(), bytes / 1e6, threads);
    for (int round = 1; round <= 5; round++) {
      long start = System.nanoTime();
      AtomicLong cpuNanos = new AtomicLong();
      long found = run(detector, files, threads, cpuNanos);
      double seconds = (System.nanoTime() - start) / 1e9;
      // On a shared machine wall-clock time measures the neighbours too; CPU time does not.
      System.out.printf(
          "round %d: %.2f s, %.0f MB/s wall-clock, %.0f MB per CPU-second, %d credentials%n",
          round, seconds, bytes / 1e6 / seconds, bytes / 1e6 / (cpuNanos.get() / 1e9), found);
    }
  }

  private static long run(Detector detector, List<String> files, int threads, AtomicLong cpuNanos)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong found = new AtomicLong();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                long cpuStart = CPU.getCurrentThreadCpuTime();
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                  found.addAndGet(
                      detector.detect(Chunk.of(files.get(i), Location.file("f" + i))).size());
                }
                cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpuStart);
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    return found.get();
  }

  /** The text files under a folder: no NUL byte, valid UTF-8, at most 16 MiB. */
  static List<String> textFiles(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (Files.size(file) > (16 << 20)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(file);
        boolean binary = false;
        for (byte b : bytes) {
          binary |= b == 0;
        }
        if (!binary) {
          try {
            out.add(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
          } catch (CharacterCodingException e) {
            // not UTF-8 text: the file source skips it too
          }
        }
      }
    }
    return out;
  }

  private static final String[] LINES = {
    "    public static final int DEFAULT_TIMEOUT = 30;",
    "    for (int i = 0; i < items.size(); i++) { total += items.get(i).price(); }",
    "    logger.info(\"Processing order {} for customer {}\", order.id(), customer.name());",
    "  def handle_request(self, request, *args, **kwargs):",
    "        return render(request, 'accounts/login.html', {'form': form, 'next': next_url})",
    "const response = await fetch(`${baseUrl}/api/v1/users/${userId}`, { headers });",
    "  \"version\": \"4.17.21\",",
    "  \"integrity\": \"sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==\",",
    "    image: registry.fake.invalid/platform/api:1.42.0",
    "      - name: DATABASE_HOST",
    "        value: postgres.production.svc.cluster.local",
    "// See https://docs.fake.invalid/guide/authentication for how tokens are issued",
    "    if (password == null || password.length() < MIN_LENGTH) throw new IllegalArgumentException();",
    "    String token = request.getHeader(\"Authorization\");",
    "    api_key = settings.API_KEY",
    "github.com/stretchr/testify v1.9.0 h1:HtqpIVDClZ4nwg75+f6Lvsy/wHu+3BoSGCbBAcpTsTg=",
    "    <dependency><groupId>org.fake</groupId><artifactId>core</artifactId></dependency>",
    "SELECT id, email, created_at FROM users WHERE last_login < NOW() - INTERVAL '30 days';",
    "        assertThat(result.getStatusCode()).isEqualTo(HttpStatus.OK);",
    "  <a href=\"https://www.fake.invalid/products?category=shoes&sort=price\">Shoes</a>",
    "    msg.reply(f\"Deployed {service} to {environment} in {elapsed:.1f}s\")",
    "",
    "}",
    "import java.util.concurrent.ConcurrentHashMap;",
    "  private final Map<String, List<Order>> ordersByCustomer = new ConcurrentHashMap<>();",
    "    @Override public int hashCode() { return Objects.hash(id, name, createdAt); }",
    "        throw new IllegalStateException(\"unexpected state: \" + state);",
    "  - name: Install dependencies",
    "    run: npm ci --ignore-scripts && npm run build --workspaces",
    "    replicas: 3",
    "    resources: { limits: { cpu: 500m, memory: 512Mi } }",
    "export function formatCurrency(amount: number, currency = 'EUR'): string {",
    "  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);",
    "        self.assertEqual(response.status_code, 200, msg=response.content)",
    "    @pytest.mark.parametrize(\"size\", [1, 10, 100, 1000])",
    "fn parse_header(input: &[u8]) -> Result<Header, ParseError> {",
    "    let (rest, version) = take_while1(is_digit)(input)?;",
    "  \"dependencies\": { \"react-dom\": \"^18.3.1\", \"zod\": \"^3.23.8\" },",
    "<div class=\"container mx-auto px-4 py-2 flex items-center justify-between\">",
    "#define MAX_BUFFER_SIZE (64 * 1024)",
    "    while ((n = read(fd, buf, sizeof buf)) > 0) { total += n; }",
    "      <version>${project.version}</version>",
    "    }",
  };

  private static final String[] PLANTED = {
    "GITHUB_TOKEN=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",
    "aws_access_key_id = AKIAFAKEAU4PCZL6HT4D\naws_secret_access_key = FAKEVIPcP4Y7p4tD14z4gzM+jppZxO4z7KdcwjOo",
    "DATABASE_URL=postgres://orders:Fk9wQz2Lx7Vn4Rt8@db.fake.invalid:5432/orders",
    "RAILWAY_TOKEN=5f0c7e4a-2b9d-4c1e-a8f3-6d2b0e9c4a71",
    "STRIPE_KEY=sk_live_51FAKEq8PzLw3Nx5Rt7Vy9Ab2Cd4Ef6Gh8Ij0Kl2Mn4Op6Qr8St0Uv2Wx4Yz",
  };

  static List<String> corpus(long totalBytes, Random random) {
    List<String> files = new ArrayList<>();
    long size = 0;
    while (size < totalBytes) {
      int fileSize = 2_000 + random.nextInt(120_000);
      StringBuilder file = new StringBuilder(fileSize + 200);
      while (file.length() < fileSize) {
        file.append(LINES[random.nextInt(LINES.length)]).append('\n');
        if (random.nextInt(20_000) == 0) {
          file.append(PLANTED[random.nextInt(PLANTED.length)]).append('\n');
        }
      }
      files.add(file.toString());
      size += file.length();
    }
    return files;
  }
}
