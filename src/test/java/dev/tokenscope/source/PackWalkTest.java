package dev.tokenscope.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenscope.detect.Detector;
import dev.tokenscope.detect.RuleSet;
import dev.tokenscope.model.Chunk;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Lineage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackWalkTest {
  static final String TOKEN = GitHistorySourceTest.TOKEN;
  static final Instant DAY1 = Instant.parse("2024-01-01T10:00:00Z");

  @TempDir Path dir;

  /** What a walk handed on, by wanted index. */
  static final class Received implements PackWalk.Receiver {
    final Map<Integer, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<Integer, Long> tooLarge = new ConcurrentHashMap<>();

    @Override
    public void blob(int wanted, byte[] bytes, Lineage lineage) {
      assertThat(blobs.put(wanted, bytes)).as("handed on twice").isNull();
    }

    @Override
    public void tooLarge(int wanted, long size) {
      tooLarge.put(wanted, size);
    }
  }

  /**
   * Thirty versions of a 400-line file and of a second one, packed by JGit's gc: most versions are
   * stored as deltas of others, in chains.
   */
  private GitRepos versionedRepository() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add("setting_" + i + " = value number " + i + " of the service configuration");
    }
    for (int version = 0; version < 30; version++) {
      lines.set((version * 37) % 400, "setting_changed_in_" + version + " = " + version);
      lines.add(version * 7 % lines.size(), "inserted line " + version);
      if (version == 12) {
        lines.set(200, "api_token = " + TOKEN);
      }
      repo.write("service.conf", String.join("\n", lines) + "\n")
          .write(
              "notes.txt",
              "notes, version " + version + "\n" + String.join("\n", lines.subList(0, 50)))
          .commit("version " + version, "Ann", DAY1.plusSeconds(3600L * version));
    }
    repo.git().gc().setAggressive(true).call();
    return repo;
  }

  private static Pack onlyPack(Repository repository) {
    return ((ObjectDirectory) repository.getObjectDatabase()).getPacks().iterator().next();
  }

  private static List<ObjectId> blobsIn(Repository repository, Pack pack) throws Exception {
    List<ObjectId> blobs = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      for (PackIndex.MutableEntry entry : pack.getIndex()) {
        ObjectId id = entry.toObjectId();
        if (reader.open(id).getType() == Constants.OBJ_BLOB) {
          blobs.add(id);
        }
      }
    }
    return blobs;
  }

  private static PackWalk walk(Pack pack, long maxBlobBytes) throws Exception {
    return new PackWalk(pack.getPackFile().toPath(), pack.getIndex(), maxBlobBytes);
  }

  @Test
  void everyBlobOfAPackIsHandedOnOnceWithTheBytesJGitReads() throws Exception {
    GitRepos repo = versionedRepository();
    Repository repository = repo.git().getRepository();
    Pack pack = onlyPack(repository);
    List<ObjectId> wanted = blobsIn(repository, pack);
    assertThat(wanted).hasSize(60);

    boolean[] delivered = new boolean[wanted.size()];
    Received received = new Received();
    int deltas = walk(pack, 1 << 20).read(wanted, delivered, 2, received);

    assertThat(deltas).as("deltas applied").isGreaterThan(20);
    assertThat(delivered).containsOnly(true);
    try (ObjectReader reader = repository.newObjectReader()) {
      for (int i = 0; i < wanted.size(); i++) {
        assertThat(received.blobs.get(i))
            .as(wanted.get(i).name())
            .isEqualTo(reader.open(wanted.get(i)).getBytes());
      }
    }
  }

  @Test
  void blobsAlreadyDeliveredAreNotHandedOnAgain() throws Exception {
    GitRepos repo = versionedRepository();
    Pack pack = onlyPack(repo.git().getRepository());
    List<ObjectId> wanted = blobsIn(repo.git().getRepository(), pack);
    boolean[] delivered = new boolean[wanted.size()];
    walk(pack, 1 << 20).read(wanted, delivered, 2, new Received());

    Received again = new Received();
    walk(pack, 1 << 20).read(wanted, delivered, 2, again);

    assertThat(again.blobs).isEmpty();
  }

  @Test
  void aFewBlobsOfABigPackAreLeftForTheCallerToReadOneByOne() throws Exception {
    GitRepos repo = versionedRepository();
    Pack pack = onlyPack(repo.git().getRepository());
    List<ObjectId> one = blobsIn(repo.git().getRepository(), pack).subList(0, 1);
    boolean[] delivered = new boolean[1];
    Received received = new Received();

    walk(pack, 1 << 20).read(one, delivered, 2, received);

    assertThat(delivered).containsOnly(false);
    assertThat(received.blobs).isEmpty();
  }

  @Test
  void aPackWhoseBookkeepingWouldNotFitTheHeapIsLeftForTheCallerToReadOneByOne() throws Exception {
    GitRepos repo = versionedRepository();
    Pack pack = onlyPack(repo.git().getRepository());
    List<ObjectId> wanted = blobsIn(repo.git().getRepository(), pack);
    long objects = pack.getIndex().getObjectCount();
    boolean[] delivered = new boolean[wanted.size()];
    Received received = new Received();

    new PackWalk(
            pack.getPackFile().toPath(),
            pack.getIndex(),
            1 << 20,
            objects * PackWalk.BYTES_PER_OBJECT - 1)
        .read(wanted, delivered, 2, received);

    assertThat(delivered).containsOnly(false);
    assertThat(received.blobs).isEmpty();
    new PackWalk(
            pack.getPackFile().toPath(),
            pack.getIndex(),
            1 << 20,
            objects * PackWalk.BYTES_PER_OBJECT)
        .read(wanted, delivered, 2, received);
    assertThat(delivered).containsOnly(true);
  }

  @Test
  void aBlobOverTheLimitIsReportedBySizeNotRead() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    for (int version = 0; version < 10; version++) {
      repo.write("big.log", ("event " + version + " happened\n").repeat(1000))
          .write("small.txt", "owner: team " + version + "\n")
          .commit("version " + version, "Ann", DAY1.plusSeconds(3600L * version));
    }
    repo.git().gc().setAggressive(true).call();
    Repository repository = repo.git().getRepository();
    Pack pack = onlyPack(repository);
    List<ObjectId> wanted = blobsIn(repository, pack);
    boolean[] delivered = new boolean[wanted.size()];
    Received received = new Received();

    walk(pack, 10_000).read(wanted, delivered, 2, received);

    // A delta on a base over the limit is left for the caller, who reads it one at a time.
    try (ObjectReader reader = repository.newObjectReader()) {
      for (int i = 0; i < wanted.size(); i++) {
        long size = reader.open(wanted.get(i)).getSize();
        if (!delivered[i]) {
          assertThat(received.blobs).doesNotContainKey(i);
          assertThat(received.tooLarge).doesNotContainKey(i);
        } else if (size > 10_000) {
          assertThat(received.tooLarge).containsEntry(i, size);
          assertThat(received.blobs).doesNotContainKey(i);
        } else {
          assertThat(received.blobs.get(i)).isEqualTo(reader.open(wanted.get(i)).getBytes());
        }
      }
    }
    assertThat(received.tooLarge).isNotEmpty();
    assertThat(received.blobs).isNotEmpty();
  }

  @Test
  void aDamagedDeltaIsLeftToJGitWhichReportsItAndEveryOtherBlobIsStillRead() throws Exception {
    GitRepos repo = versionedRepository();
    Repository repository = repo.git().getRepository();
    Pack pack = onlyPack(repository);
    List<ObjectId> blobs = blobsIn(repository, pack);
    Map<ObjectId, String> texts = new ConcurrentHashMap<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      for (ObjectId id : blobs) {
        texts.put(id, new String(reader.open(id).getBytes(), StandardCharsets.UTF_8));
      }
    }
    // The delta stored last in the pack: no other object is built on it.
    Path packFile = pack.getPackFile().toPath();
    byte[] bytes = Files.readAllBytes(packFile);
    long[] offsets = new long[blobs.size()];
    ObjectId damaged = null;
    long damagedAt = -1;
    for (int i = 0; i < blobs.size(); i++) {
      offsets[i] = pack.getIndex().findOffset(blobs.get(i));
      int type = (bytes[(int) offsets[i]] >> 4) & 7;
      if (type == 6 && offsets[i] > damagedAt) {
        damaged = blobs.get(i);
        damagedAt = offsets[i];
      }
    }
    assertThat(damaged).as("an offset delta in the pack").isNotNull();
    long end = bytes.length - 20;
    for (PackIndex.MutableEntry entry : pack.getIndex()) {
      if (entry.getOffset() > damagedAt) {
        end = Math.min(end, entry.getOffset());
      }
    }
    int middle = (int) ((damagedAt + end) / 2) + 2;
    bytes[middle] ^= (byte) 0xff;
    packFile.toFile().setWritable(true);
    Files.write(packFile, bytes);

    RecordingSink sink = new RecordingSink();
    new GitHistorySource(dir, null, 1 << 20).read(sink);

    String name = damaged.name();
    assertThat(sink.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.where()).contains("(blob " + name.substring(0, 10));
              assertThat(p.message()).startsWith("cannot read the blob").contains("git fsck");
            });
    List<String> read = sink.chunks.stream().map(Chunk::text).toList();
    assertThat(read).hasSize(blobs.size() - 1);
    for (ObjectId id : blobs) {
      if (!id.equals(damaged)) {
        assertThat(read).contains(texts.get(id));
      }
    }
  }

  @Test
  void aHistoryPartlyPackedAndPartlyLooseIsReadWholeEachBlobOnce() throws Exception {
    GitRepos repo = versionedRepository();
    repo.write("service.conf", "rewritten after the gc\nsecret = " + TOKEN + "\n")
        .write("later.txt", "a file only in a loose object\n")
        .commit("after gc", "Bob", DAY1.plusSeconds(86400L * 30));

    RecordingSink sink = new RecordingSink();
    new GitHistorySource(dir, null, 1 << 20).read(sink);

    assertThat(sink.problems).isEmpty();
    List<String> texts = sink.chunks.stream().map(Chunk::text).toList();
    assertThat(texts).hasSize(62).doesNotHaveDuplicates();
    assertThat(texts)
        .contains(
            "a file only in a loose object\n", "rewritten after the gc\nsecret = " + TOKEN + "\n");
    assertThat(texts).anyMatch(t -> t.contains("api_token = " + TOKEN));
  }

  /**
   * Forty versions of a file, a line or two changed in each and a credential planted now and then:
   * detecting with each delta's lineage (the scan of the copied ranges taken over from the base)
   * must find exactly what a scan from scratch finds, at the same lines.
   */
  @Test
  void findingsInDeltasAreThoseOfAScanFromScratch() throws Exception {
    GitRepos repo = GitRepos.init(dir);
    Random random = new Random(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      lines.add(
          "    private final Map<String, Handler> handler" + i + " = new HashMap<>(); // keep");
    }
    for (int version = 0; version < 40; version++) {
      for (int edit = 0; edit < 2; edit++) {
        lines.set(random.nextInt(lines.size()), "    int counter" + random.nextInt(1000) + " = 0;");
      }
      if (version % 4 == 1) {
        lines.add(random.nextInt(lines.size()), "db_password = \"" + secret(random) + "\"");
      }
      repo.write("Service.java", String.join("\n", lines) + "\n")
          .commit("version " + version, "Ann", DAY1.plusSeconds(3600L * version));
    }
    repo.git().gc().setAggressive(true).call();

    Detector detector = Detector.of(RuleSet.bundled());
    List<String> withLineage = new CopyOnWriteArrayList<>();
    List<String> fromScratch = new CopyOnWriteArrayList<>();
    AtomicInteger derived = new AtomicInteger();
    RecordingSink sink =
        new RecordingSink() {
          @Override
          public void chunk(Chunk chunk) {
            Lineage lineage = chunk.lineage();
            if (lineage != null && lineage.base() != null && lineage.base().kept() != null) {
              derived.incrementAndGet();
            }
            detector.detect(chunk).forEach(c -> withLineage.add(describe(c)));
            detector
                .detect(new Chunk(chunk.text(), chunk.origins()))
                .forEach(c -> fromScratch.add(describe(c)));
          }
        };
    new GitHistorySource(dir, null, 1 << 20).read(sink);

    assertThat(derived.get()).as("versions scanned from their base's scan").isGreaterThan(20);
    assertThat(fromScratch).hasSizeGreaterThanOrEqualTo(10);
    assertThat(withLineage).containsExactlyInAnyOrderElementsOf(fromScratch);
  }

  private static String secret(Random random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder("Xq9");
    while (out.length() < 24) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static String describe(Credential credential) {
    return credential.ruleId() + " " + credential.fingerprint() + " " + credential.locations();
  }

  /**
   * One object to write into a hand-made pack: its type, the size its header claims, for a delta
   * the position of its base in the pack (or -1), and its body before compression.
   */
  record Packed(int type, long claimedSize, int base, byte[] body) {
    Packed(int type, long claimedSize, byte[] body) {
      this(type, claimedSize, -1, body);
    }
  }

  /** The name a hand-made pack gives its object {@code n}: the hash of "object n". */
  private static ObjectId nameOf(int n) throws Exception {
    return ObjectId.fromRaw(
        MessageDigest.getInstance("SHA-1")
            .digest(("object " + n).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Writes a pack of {@code objects} and its index into {@code dir}, laid out as git does, but with
   * each header's size and each delta's base as given, so that a pack may lie.
   */
  private static PackIndex writePack(Path dir, List<Packed> objects, List<ObjectId> ids)
      throws Exception {
    ByteArrayOutputStream pack = new ByteArrayOutputStream();
    pack.write(new byte[] {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, (byte) objects.size()});
    List<PackedObjectInfo> entries = new ArrayList<>();
    for (int n = 0; n < objects.size(); n++) {
      Packed object = objects.get(n);
      PackedObjectInfo entry = new PackedObjectInfo(nameOf(n));
      entry.setOffset(pack.size());
      entries.add(entry);
      ids.add(nameOf(n));
      long size = object.claimedSize();
      int c = (object.type() << 4) | (int) (size & 15);
      for (size >>>= 4; size != 0; size >>>= 7) {
        pack.write(c | 0x80);
        c = (int) (size & 0x7f);
      }
      pack.write(c);
      if (object.type() == 6) { // the distance back to the base, in git's varint
        long back = entry.getOffset() - entries.get(object.base()).getOffset();
        byte[] buffer = new byte[10];
        int at = buffer.length - 1;
        buffer[at] = (byte) (back & 0x7f);
        while ((back >>>= 7) != 0) {
          buffer[--at] = (byte) (0x80 | (--back & 0x7f));
        }
        pack.write(buffer, at, buffer.length - at);
      } else if (object.type() == 7) { // the base's name
        byte[] name = new byte[20];
        nameOf(object.base()).copyRawTo(name, 0);
        pack.write(name);
      }
      Deflater deflater = new Deflater();
      deflater.setInput(object.body());
      deflater.finish();
      byte[] buffer = new byte[object.body().length + 64];
      pack.write(buffer, 0, deflater.deflate(buffer));
      deflater.end();
    }
    byte[] checksum = MessageDigest.getInstance("SHA-1").digest(pack.toByteArray());
    pack.write(checksum);
    Files.write(dir.resolve("test.pack"), pack.toByteArray());
    entries.sort(null);
    try (OutputStream out = Files.newOutputStream(dir.resolve("test.idx"))) {
      BasePackIndexWriter.createVersion(out, 2).write(entries, checksum);
    }
    return PackIndex.open(dir.resolve("test.idx").toFile());
  }

  /** What a walk over a hand-made pack handed on, wanting every object in it. */
  record Walked(int deltas, boolean[] delivered, Received received) {}

  private Walked walkHandMade(long maxBlobBytes, Packed... objects) throws Exception {
    List<ObjectId> ids = new ArrayList<>();
    PackIndex index = writePack(dir, List.of(objects), ids);
    boolean[] delivered = new boolean[objects.length];
    Received received = new Received();
    int deltas =
        new PackWalk(dir.resolve("test.pack"), index, maxBlobBytes)
            .read(ids, delivered, 2, received);
    return new Walked(deltas, delivered, received);
  }

  /** A delta in git's format: base size, result size, then the instruction bytes. */
  private static byte[] delta(int baseSize, int resultSize, int... instructions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int value : new int[] {baseSize, resultSize}) {
      for (; value >= 0x80; value >>>= 7) {
        out.write(0x80 | (value & 0x7f));
      }
      out.write(value);
    }
    for (int b : instructions) {
      out.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void aDeltaByNameAndADeltaByOffsetAreBothResolved() throws Exception {
    byte[] base =
        "base text of the service configuration\n".repeat(5).getBytes(StandardCharsets.UTF_8);
    // By name: the first 100 bytes of the base, then "XYZ".
    byte[] byName = delta(base.length, 103, 0x90, 100, 3, 'X', 'Y', 'Z');
    // By offset, on the one before: all of it, then "!".
    byte[] byOffset = delta(103, 104, 0x90, 103, 1, '!');
    Walked walked =
        walkHandMade(
            1 << 20,
            new Packed(3, base.length, base),
            new Packed(7, byName.length, 0, byName),
            new Packed(6, byOffset.length, 1, byOffset));

    String first100 = new String(base, 0, 100, StandardCharsets.UTF_8);
    assertThat(walked.deltas()).isEqualTo(2);
    assertThat(walked.delivered()).containsOnly(true);
    assertThat(new String(walked.received().blobs.get(1), StandardCharsets.UTF_8))
        .isEqualTo(first100 + "XYZ");
    assertThat(new String(walked.received().blobs.get(2), StandardCharsets.UTF_8))
        .isEqualTo(first100 + "XYZ!");
  }

  @Test
  void deltasThatAreEachOthersBaseAreLeftUnreadAndTheWalkEnds() throws Exception {
    byte[] honest = "a blob of its own\n".getBytes(StandardCharsets.UTF_8);
    byte[] loop = delta(4, 4, 0x90, 4);

    Walked walked =
        walkHandMade(
            1 << 20,
            new Packed(3, honest.length, honest),
            new Packed(7, loop.length, 2, loop),
            new Packed(7, loop.length, 1, loop));

    assertThat(walked.delivered()).containsExactly(true, false, false);
    assertThat(walked.received().blobs.get(0)).isEqualTo(honest);
  }

  @Test
  void aHeaderThatClaimsMoreThanItsBytesCanHoldIsNotBelievedNorAllocated() throws Exception {
    byte[] honest = "api_token = abc\n".getBytes(StandardCharsets.UTF_8);

    Walked walked =
        walkHandMade(
            Long.MAX_VALUE,
            new Packed(3, honest.length, honest),
            // 1.5 GB claimed for 16 bytes: deflate makes at most about 1032 bytes of each one.
            new Packed(3, 3L << 29, "tiny".getBytes(StandardCharsets.UTF_8)));

    assertThat(walked.received().blobs.get(0)).isEqualTo(honest);
    assertThat(walked.delivered()).containsExactly(true, false);
  }

  @Test
  void theLargestSizeDeflateCanProduceBoundsWhatIsBelieved() {
    assertThat(PackWalk.plausible(1032 * 100, 100)).isTrue();
    assertThat(PackWalk.plausible(1032 * 100 + 65, 100)).isFalse();
    assertThat(PackWalk.plausible(3L << 29, 16)).isFalse();
  }

  @Test
  void aDeltaIsAppliedCopyByCopyAndInsertByInsert() {
    byte[] base = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    // base size 16, result size 9: copy 4 bytes from offset 10, insert "XYZ", copy 2 from 0
    byte[] delta = {16, 9, (byte) 0x91, 10, 4, 3, 'X', 'Y', 'Z', (byte) 0x90, 2};
    assertThat(PackWalk.Delta.resultSize(delta, 16)).isEqualTo(9);
    assertThat(new String(PackWalk.Delta.apply(base, delta, 9), StandardCharsets.US_ASCII))
        .isEqualTo("abcdXYZ01");
  }

  @Test
  void aCopyOfSizeZeroMeansSixtyFourKilobytes() {
    byte[] base = new byte[0x10000];
    Arrays.fill(base, (byte) 'q');
    // sizes as varints: 0x10000 = 0x80 0x80 0x04
    byte[] delta = {(byte) 0x80, (byte) 0x80, 4, (byte) 0x80, (byte) 0x80, 4, (byte) 0x80};
    assertThat(PackWalk.Delta.apply(base, delta, 0x10000)).isEqualTo(base);
  }

  @Test
  void aDeltaThatReachesOutsideItsBaseOrResultIsRefused() {
    byte[] base = "0123456789".getBytes(StandardCharsets.US_ASCII);
    // copy 4 bytes from offset 8: past the end of the base
    assertThat(PackWalk.Delta.apply(base, new byte[] {10, 4, (byte) 0x91, 8, 4}, 4)).isNull();
    // insert 5 bytes into a result of 3
    assertThat(PackWalk.Delta.apply(base, new byte[] {10, 3, 5, 'a', 'b', 'c', 'd', 'e'}, 3))
        .isNull();
    // insert 3 bytes, but the delta holds only 2
    assertThat(PackWalk.Delta.apply(base, new byte[] {10, 3, 3, 'a', 'b'}, 3)).isNull();
    // the reserved instruction 0
    assertThat(PackWalk.Delta.apply(base, new byte[] {10, 1, 0, 1, 'a'}, 1)).isNull();
    // a result shorter than the delta says
    assertThat(PackWalk.Delta.apply(base, new byte[] {10, 4, 2, 'a', 'b'}, 4)).isNull();
    // built for another base
    assertThat(PackWalk.Delta.resultSize(new byte[] {11, 4, 4, 'a', 'b', 'c', 'd'}, 10))
        .isEqualTo(-1);
    // truncated header
    assertThat(PackWalk.Delta.resultSize(new byte[] {(byte) 0x8a}, 10)).isEqualTo(-1);
  }
}
