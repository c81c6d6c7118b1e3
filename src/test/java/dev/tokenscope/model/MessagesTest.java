package dev.tokenscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void keepsTheFirstLineWhateverItsLineBreak() {
    assertThat(Messages.firstLine("Unexpected character\n at [Source: x; line: 3]", "-"))
        .isEqualTo("Unexpected character");
    assertThat(Messages.firstLine("denied\r\nRequestId: 42", "-")).isEqualTo("denied");
    assertThat(Messages.firstLine("one line only", "-")).isEqualTo("one line only");
  }

  @Test
  void noMessageGivesTheCallersWords() {
    assertThat(Messages.firstLine(null, "unknown error")).isEqualTo("unknown error");
  }
}
