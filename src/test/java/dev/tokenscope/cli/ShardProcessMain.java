package dev.tokenscope.cli;

/** The tokenscope CLI as a separate process, with the test's git scanner plugged in. */
public final class ShardProcessMain {
  private ShardProcessMain() {}

  public static void main(String[] args) {
    HistoryOptions.repositoryScanner = new HeadTreeScanner();
    System.exit(Main.run(args));
  }
}
