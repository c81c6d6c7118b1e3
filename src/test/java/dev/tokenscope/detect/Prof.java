package dev.tokenscope.detect;
import java.util.*;
public class Prof {
  static long cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    List<String> files = DetectorBench.corpus(32L<<20, new Random(42));
    long bytes = files.stream().mapToLong(String::length).sum();
    RuleSet set = RuleSet.bundled();
    Detector d = Detector.of(set);
    List<String> kws = new ArrayList<>();
    for (Rule r : set.rules()) for (String k : r.keywords()) if (!kws.contains(k.toLowerCase())) kws.add(k.toLowerCase());
    KeywordIndex idx = new KeywordIndex(kws);
    int[] counts = new int[kws.size()];
    for (int round=0; round<3; round++) {
      long t=cpu(); long[] n={0};
      for (String f : files) idx.scan(f, (k,s,e)->{n[0]++; counts[k]++;});
      double s=(cpu()-t)/1e9; System.out.printf("AC: %.0f MB/s hits=%d%n", bytes/1e6/s, n[0]);
      t=cpu(); int dec=0;
      for (String f : files) if (EncodedContent.decode(f)!=null) dec++;
      s=(cpu()-t)/1e9; System.out.printf("decode: %.0f MB/s decoded=%d%n", bytes/1e6/s, dec);
      t=cpu();
      for (String f : files) d.detect(dev.tokenscope.model.Chunk.of(f, dev.tokenscope.model.Location.file("x")));
      s=(cpu()-t)/1e9; System.out.printf("detect 1 thread: %.0f MB/s%n", bytes/1e6/s);
    }
    for (int k=0;k<kws.size();k++) if (counts[k]>1000) System.out.println(kws.get(k)+" "+counts[k]/3);
  }
}
