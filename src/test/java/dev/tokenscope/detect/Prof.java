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
    List<byte[]> lat = new ArrayList<>(); for (String f : files) lat.add(Latin1.of(f));
    double bestAc=0, bestDec=0, bestDet=0, bestCopy=0;
    for (int round=0; round<6; round++) {
      long t=cpu(); long[] n={0};
      for (String f : files) Latin1.of(f);
      bestCopy=Math.max(bestCopy, bytes/1e6/((cpu()-t)/1e9));
      t=cpu();
      for (byte[] f : lat) idx.scan(f, (k,s,e)->{n[0]++;});
      bestAc=Math.max(bestAc, bytes/1e6/((cpu()-t)/1e9));
      t=cpu();
      for (int i=0;i<files.size();i++) EncodedContent.decode(files.get(i));
      bestDec=Math.max(bestDec, bytes/1e6/((cpu()-t)/1e9));
      t=cpu();
      for (String f : files) d.detect(dev.tokenscope.model.Chunk.of(f, dev.tokenscope.model.Location.file("x")));
      bestDet=Math.max(bestDet, bytes/1e6/((cpu()-t)/1e9));
    }
    System.out.printf("best of 6 (MB per CPU-second): copy %.0f, keywords %.0f, decode %.0f, detect %.0f%n", bestCopy, bestAc, bestDec, bestDet);
  }
}
