package dev.tokenscope.model;

/** Error messages from libraries, cut to what one line of our own report can carry. */
public final class Messages {
  private Messages() {}

  /**
   * The message's first line (up to its first line break, {@code \n} or {@code \r}, as {@link
   * String#lines} splits), or {@code ifNone} when there is no message: parsers and SDKs append
   * excerpts, stack hints or request dumps on the lines after.
   */
  public static String firstLine(String message, String ifNone) {
    if (message == null) {
      return ifNone;
    }
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n' || c == '\r') {
        return message.substring(0, i);
      }
    }
    return message;
  }
}
