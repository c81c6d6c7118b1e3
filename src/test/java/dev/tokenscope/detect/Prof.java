package dev.tokenscope.detect;
import java.util.*;
public class Prof {
  static long cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    List<String> files = DetectorBench.corpus(32L<<20, new Random(42));
    long bytes = files.stream().mapToLong(String::length).sum();
    RuleSet set = RuleSet.bundled();
    Detector d = Detector.of(set);
    Detector empty = new Detector(List.of(), set.placeholders());
    List<String> kws = new ArrayList<>();
    for (Rule r : set.rules()) for (String k : r.keywords()) if (!kws.contains(k.toLowerCase())) kws.add(k.toLowerCase());
    KeywordIndex idx = new KeywordIndex(kws);
    List<byte[]> lat = new ArrayList<>(); for (String f : files) lat.add(Latin1.of(f));
    double[] best = new double[4];
    long hitsTotal = 0;
    for (int round=0; round<6; round++) {
      long[] n={0};
      long t=cpu();
      for (byte[] f : lat) idx.scan(f, (k,s,e)->{n[0]++;}, (s,e)->{n[0]--;});
      best[0]=Math.max(best[0], bytes/1e6/((cpu()-t)/1e9)); hitsTotal = n[0];
      t=cpu();
      for (String f : files) empty.detect(dev.tokenscope.model.Chunk.of(f, dev.tokenscope.model.Location.file("x")));
      best[1]=Math.max(best[1], bytes/1e6/((cpu()-t)/1e9));
      t=cpu();
      for (String f : files) d.detect(dev.tokenscope.model.Chunk.of(f, dev.tokenscope.model.Location.file("x")));
      best[2]=Math.max(best[2], bytes/1e6/((cpu()-t)/1e9));
    }
    System.out.printf("best of 6 (MB per CPU-second): scan %.0f, detect-no-rules %.0f, detect %.0f; net hits %d%n", best[0], best[1], best[2], hitsTotal);
  }
}
