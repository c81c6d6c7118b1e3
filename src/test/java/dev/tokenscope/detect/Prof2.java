package dev.tokenscope.detect;
import java.util.*;
import dev.tokenscope.model.*;
public class Prof2 {
  static long cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
  public static void main(String[] a) throws Exception {
    List<String> files = DetectorBench.corpus(8L<<20, new Random(42));
    long bytes = files.stream().mapToLong(String::length).sum();
    RuleSet set = RuleSet.bundled();
    Detector none = new Detector(List.of(), set.placeholders());
    for (int r=0;r<2;r++){ long t=cpu(); for (String f: files) none.detect(Chunk.of(f, Location.file("x"))); System.out.printf("no rules: %.0f ms%n", (cpu()-t)/1e6);}
    List<String[]> res = new ArrayList<>();
    for (Rule rule : set.rules()) {
      Detector d = new Detector(List.of(rule), set.placeholders());
      for (String f: files.subList(0, 10)) d.detect(Chunk.of(f, Location.file("x")));
      long t=cpu(); for (String f: files) d.detect(Chunk.of(f, Location.file("x")));
      double ms=(cpu()-t)/1e6;
      res.add(new String[]{String.format("%8.0f", ms), rule.id()});
    }
    res.sort((x,y)->y[0].compareTo(x[0]));
    for (int i=0;i<15;i++) System.out.println(res.get(i)[0]+" ms "+res.get(i)[1]);
  }
}
