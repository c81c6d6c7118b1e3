package dev.tokenscope.model;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever the bytes of a file or blob, decoding gives what the JDK's strict UTF-8 decoder (or
 * ISO-8859-1 where the bytes are not UTF-8) gives, with one byte per character for the detector.
 * Seeds: {@code DecodedTextFuzzTestInputs/}.
 */
class DecodedTextFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void anyBytesDecodeAsTheJdkDoes(byte[] input) {
    DecodedTextTest.assertDecodesAsTheJdk(input);
  }
}
