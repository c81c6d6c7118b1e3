package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodedTextTest {
  /**
   * What decoding must give, by the JDK alone: the text as strict UTF-8 where the bytes are that,
   * else byte for byte as ISO-8859-1; and one byte per character of it.
   */
  static DecodedText reference(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    byte[] latin1 = new byte[text.length()];
    for (int i = 0; i < latin1.length; i++) {
      latin1[i] = text.charAt(i) < 256 ? (byte) text.charAt(i) : (byte) '?';
    }
    return new DecodedText(text, latin1);
  }

  static void assertDecodesAsTheJdk(byte[] bytes) {
    DecodedText expected = reference(bytes);
    DecodedText actual = DecodedText.utf8OrLatin1(bytes);
    assertThat(actual.text()).isEqualTo(expected.text());
    assertThat(actual.latin1()).isEqualTo(expected.latin1());
    assertThat(DecodedText.of(actual.text())).isEqualTo(expected.latin1());
  }

  @Test
  void asciiIsTheBytesThemselves() {
    byte[] bytes = "API_KEY=abc123\n".repeat(5).getBytes(StandardCharsets.US_ASCII);
    DecodedText decoded = DecodedText.utf8OrLatin1(bytes);
    assertThat(decoded.text()).isEqualTo("API_KEY=abc123\n".repeat(5));
    assertThat(decoded.latin1()).isSameAs(bytes);
  }

  @Test
  void everyKindOfCharacterKeepsOneBytePerCharacter() {
    String text = "© é " + "\u20ac" + " 日本 " + "😀" + " \ufeff \ufffd end";
    DecodedText decoded = DecodedText.utf8OrLatin1(text.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.text()).isEqualTo(text);
    assertThat(new String(decoded.latin1(), StandardCharsets.ISO_8859_1))
        .isEqualTo("© é ? ?? ?? ? ? end");
  }

  @Test
  void aSurrogatePairIsTwoBytesNotOne() {
    // String.getBytes(ISO_8859_1) writes one '?' for a pair, which moved every later offset.
    assertThat(DecodedText.of("😀x")).containsExactly('?', '?', 'x');
  }

  @Test
  void bytesThatAreNotUtf8AreReadByteForByte() {
    byte[][] invalid = {
      {'a', (byte) 0xc0, (byte) 0x80}, // overlong NUL
      {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, // overlong
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {'x', (byte) 0xe2, (byte) 0x82}, // cut off
      {(byte) 0x80},
      {(byte) 0xc3, 'a'},
    };
    for (byte[] bytes : invalid) {
      assertDecodesAsTheJdk(bytes);
      assertThat(DecodedText.utf8OrLatin1(bytes).latin1()).isSameAs(bytes);
    }
  }

  @Test
  void randomMixturesDecodeAsTheJdkDoes() {
    Random random = new Random(20261207);
    for (int n = 0; n < 20_000; n++) {
      assertDecodesAsTheJdk(mixture(random));
    }
  }

  @Test
  void aLatin1FormOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> new DecodedText("abc", new byte[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * ASCII runs (some long enough for the eight-byte steps), characters of every UTF-8 length, and
   * now and then a byte that breaks the encoding.
   */
  static byte[] mixture(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int parts = random.nextInt(12);
    for (int p = 0; p < parts; p++) {
      switch (random.nextInt(7)) {
        case 0 -> {
          for (int i = random.nextInt(20); i > 0; i--) {
            out.write(32 + random.nextInt(95));
          }
        }
        case 1 -> out.writeBytes(codePoint(0x80 + random.nextInt(0x80)));
        case 2 -> out.writeBytes(codePoint(0x100 + random.nextInt(0x700)));
        case 3 -> {
          int c = 0x800 + random.nextInt(0x10000 - 0x800);
          out.writeBytes(codePoint(Character.isSurrogate((char) c) ? 0x20ac : c));
        }
        case 4 -> out.writeBytes(codePoint(0x10000 + random.nextInt(0x100000)));
        case 5 -> {
          if (random.nextInt(4) == 0) {
            out.write(0x80 + random.nextInt(0x80));
          }
        }
        default -> out.write(random.nextInt(128));
      }
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > 0 && random.nextInt(10) == 0) {
      bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)); // cut anywhere
    }
    return bytes;
  }

  private static byte[] codePoint(int c) {
    return new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
  }
}
