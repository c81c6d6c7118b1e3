package dev.tokenscope.report;

import dev.tokenscope.pipeline.ScanResult;
import java.io.IOException;
import java.io.Writer;

/** Renders a scan's result in one format. Reports only ever see redacted secrets. */
public interface Report {
  void write(ScanResult result, Writer out) throws IOException;
}
