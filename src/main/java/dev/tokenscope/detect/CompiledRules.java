package dev.tokenscope.detect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bundled detector rules in a compact binary form, written by the build ({@code mvn
 * process-classes} runs {@link #main}) from every YAML file under {@code rules/detectors}, so a run
 * reads one resource instead of parsing 80 YAML files: parsing was most of a small scan's start-up
 * (about 0.4 of 0.9 CPU-seconds), and it loaded the YAML parser, which a scan needs no more.
 *
 * <p>The form holds exactly what {@link RuleSet#load} made of the files: the rules (regexes as
 * their source text, compiled on first use), the problems, and the placeholder filter; and the
 * rules' keyword automaton, built here rather than on every run. A rule's file is recorded as
 * {@code rules/detectors/NAME.yaml}, as when the rules are read from the jar. {@code --rules DIR}
 * still loads YAML. A resource of another format version, a damaged one, or (when running from a
 * build folder) one older than the YAML files beside it is not used: the YAML files are.
 */
public final class CompiledRules {
  static final String RESOURCE = "rules/detectors.bin";
  private static final int MAGIC = 0x546b5275; // "TkRu"
  private static final int VERSION = 8;

  private CompiledRules() {}

  /**
   * Compiles {@code rules/detectors} into the resource: {@code CompiledRules RULES_DIR OUT_FILE}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CompiledRules RULES_DIR OUT_FILE");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    RuleSet rules = relative(RuleSet.load(dir), dir);
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out)) {
      write(rules, file);
    }
    System.out.println(
        "compiled " + rules.rules().size() + " rules from " + dir + " into " + out.getFileName());
  }

  /**
   * The bundled rules from the compiled resource, or null when it is missing, stale or unusable.
   */
  static RuleSet bundled() {
    URL url = CompiledRules.class.getClassLoader().getResource(RESOURCE);
    if (url == null || staleInBuildFolder(url)) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return read(in);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * True when the resource is a file in a build folder ({@code target/classes}) and a YAML file
   * beside it is newer: rules edited and copied without compiling them again.
   */
  private static boolean staleInBuildFolder(URL url) {
    if (!"file".equals(url.getProtocol())) {
      return false;
    }
    try {
      Path compiled = Path.of(url.toURI());
      FileTime made = Files.getLastModifiedTime(compiled);
      Path yaml = compiled.resolveSibling("detectors");
      if (!Files.isDirectory(yaml)) {
        return false;
      }
      try (Stream<Path> files = Files.walk(yaml)) {
        return files.anyMatch(f -> newer(f, made));
      }
    } catch (IOException | URISyntaxException | UncheckedIOException e) {
      return true;
    }
  }

  private static boolean newer(Path file, FileTime than) {
    try {
      return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rule set with its file names relative to the rules folder's parent's parent. */
  static RuleSet relative(RuleSet rules, Path dir) {
    List<Rule> out = new ArrayList<>();
    for (Rule r : rules.rules()) {
      out.add(
          new Rule(
              r.id(),
              r.name(),
              r.provider(),
              r.keywords(),
              r.regex(),
              r.entropy(),
              r.checksum(),
              r.pairWith(),
              r.pairWithinLines(),
              r.pairAs(),
              r.resolver(),
              r.severity(),
              r.examples(),
              r.negativeExamples(),
              relative(r.file(), dir),
              r.windowLines(),
              r.jsonAttributes(),
              r.placeholders(),
              r.lead(),
              r.infoInTests(),
              r.files(),
              r.csvHeader()));
    }
    List<RuleProblem> problems = new ArrayList<>();
    for (RuleProblem p : rules.problems()) {
      problems.add(new RuleProblem(relative(p.file(), dir), p.ruleId(), p.message()));
    }
    return new RuleSet(out, problems, rules.placeholders());
  }

  private static String relative(String file, Path dir) {
    if (file == null) {
      return null;
    }
    Path path = Path.of(file);
    if (!path.startsWith(dir)) {
      return file;
    }
    return (RuleSet.DETECTORS + "/" + dir.relativize(path)).replace('\\', '/');
  }

  static void write(RuleSet rules, OutputStream target) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    // Every rule's examples and negative examples first, back to back, then each rule's share.
    List<String> examples = new ArrayList<>();
    for (Rule r : rules.rules()) {
      examples.addAll(r.examples());
      examples.addAll(r.negativeExamples());
    }
    java.io.ByteArrayOutputStream utf8 = new java.io.ByteArrayOutputStream();
    int[] ends = new int[examples.size()];
    for (int k = 0; k < ends.length; k++) {
      utf8.write(examples.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ends[k] = utf8.size();
    }
    ints(out, ends);
    out.writeInt(utf8.size());
    utf8.writeTo(out);
    out.writeInt(rules.rules().size());
    for (Rule r : rules.rules()) {
      out.writeUTF(r.id());
      out.writeUTF(r.name());
      out.writeUTF(r.provider());
      strings(out, r.keywords());
      text(out, r.regex().regex());
      out.writeDouble(r.entropy());
      nullable(out, r.checksum());
      nullable(out, r.pairWith());
      out.writeInt(r.pairWithinLines());
      nullable(out, r.pairAs());
      nullable(out, r.resolver());
      out.writeUTF(r.severity());
      out.writeInt(r.examples().size());
      out.writeInt(r.negativeExamples().size());
      nullable(out, r.file());
      out.writeInt(r.windowLines());
      strings(out, r.jsonAttributes());
      out.writeBoolean(r.placeholders());
      out.writeInt(r.lead());
      out.writeBoolean(r.infoInTests());
      nullable(out, r.files());
      nullable(out, r.csvHeader());
    }
    out.writeInt(rules.problems().size());
    for (RuleProblem p : rules.problems()) {
      nullable(out, p.file());
      nullable(out, p.ruleId());
      text(out, p.message());
    }
    Placeholders filter = rules.placeholders();
    strings(out, new ArrayList<>(filter.stopWords()));
    out.writeInt(filter.entries().size());
    for (Placeholders.Entry e : filter.entries()) {
      out.writeUTF(e.name());
      text(out, e.pattern().pattern());
      strings(out, e.literals());
      strings(out, e.examples());
      out.writeBoolean(e.standIn());
    }
    out.writeInt(filter.published().size());
    for (Placeholders.Published p : filter.published()) {
      text(out, p.value());
      text(out, p.what());
      text(out, p.source());
    }
    Detector.of(rules).keywordIndex().write(out);
    out.flush();
  }

  static RuleSet read(InputStream source) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(source, 1 << 16));
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      return null;
    }
    int[] ends = ints(in);
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    for (int k = 0; k < ends.length; k++) {
      if (ends[k] < (k == 0 ? 0 : ends[k - 1]) || ends[k] > utf8.length) {
        throw new IOException("the compiled rules' examples do not add up");
      }
    }
    int stored = 0;
    int count = in.readInt();
    List<Rule> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = in.readUTF();
      String name = in.readUTF();
      String provider = in.readUTF();
      List<String> keywords = strings(in);
      RulePattern pattern = RulePattern.deferred(text(in));
      double entropy = in.readDouble();
      String checksum = nullable(in);
      String pairWith = nullable(in);
      int pairWithinLines = in.readInt();
      String pairAs = nullable(in);
      String resolver = nullable(in);
      String severity = in.readUTF();
      int exampleCount = in.readInt();
      int negativeCount = in.readInt();
      StoredStrings examples = new StoredStrings(utf8, ends, stored, exampleCount);
      StoredStrings negatives = new StoredStrings(utf8, ends, stored + exampleCount, negativeCount);
      stored += exampleCount + negativeCount;
      rules.add(
          new Rule(
              id,
              name,
              provider,
              keywords,
              pattern,
              entropy,
              checksum,
              pairWith,
              pairWithinLines,
              pairAs,
              resolver,
              severity,
              examples,
              negatives,
              nullable(in),
              in.readInt(),
              strings(in),
              in.readBoolean(),
              in.readInt(),
              in.readBoolean(),
              nullable(in),
              nullable(in)));
    }
    if (stored != ends.length) {
      throw new IOException("the compiled rules' examples do not add up");
    }
    int problemCount = in.readInt();
    List<RuleProblem> problems = new ArrayList<>(problemCount);
    for (int i = 0; i < problemCount; i++) {
      problems.add(new RuleProblem(nullable(in), nullable(in), text(in)));
    }
    Set<String> stopWords = new HashSet<>(strings(in));
    int entryCount = in.readInt();
    List<Placeholders.Entry> entries = new ArrayList<>(entryCount);
    for (int i = 0; i < entryCount; i++) {
      entries.add(
          new Placeholders.Entry(
              in.readUTF(), Pattern.compile(text(in)), strings(in), strings(in), in.readBoolean()));
    }
    int publishedCount = in.readInt();
    List<Placeholders.Published> published = new ArrayList<>(publishedCount);
    for (int i = 0; i < publishedCount; i++) {
      published.add(new Placeholders.Published(text(in), text(in), text(in)));
    }
    KeywordIndex keywordIndex = KeywordIndex.read(in);
    if (in.read() != -1) {
      throw new IOException("trailing bytes after the compiled rules");
    }
    return new RuleSet(
        rules, problems, new Placeholders(stopWords, entries, published), keywordIndex);
  }

  /** An int array as its length and big-endian bytes, written and read in one piece. */
  static void ints(DataOutputStream out, int[] values) throws IOException {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * Integer.BYTES);
    bytes.asIntBuffer().put(values);
    out.writeInt(values.length);
    out.write(bytes.array());
  }

  static int[] ints(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (1 << 26)) {
      throw new IOException("an array of the compiled rules does not add up");
    }
    byte[] bytes = in.readNBytes(length * Integer.BYTES);
    if (bytes.length != length * Integer.BYTES) {
      throw new IOException("the compiled rules are cut short");
    }
    int[] values = new int[length];
    java.nio.ByteBuffer.wrap(bytes).asIntBuffer().get(values);
    return values;
  }

  // writeUTF holds at most 64 KB; a regex or an example may in principle be longer.
  private static void text(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String text(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void nullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      text(out, value);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? text(in) : null;
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      text(out, value);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(text(in));
    }
    return values;
  }
}
