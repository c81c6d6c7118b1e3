package dev.tokenscope.detect;
import java.util.*;
public class Prof3 {
  public static void main(String[] a) throws Exception {
    List<String> files = DetectorBench.corpus(32L<<20, new Random(42));
    Detector d = Detector.of(RuleSet.bundled());
    for (int round=0; round<8; round++)
      for (String f : files) d.detect(dev.tokenscope.model.Chunk.of(f, dev.tokenscope.model.Location.file("x")));
  }
}
