package dev.tokenscope.cli;

/** The tokenscope CLI as a separate process (the shard tests start several at once). */
public final class ShardProcessMain {
  private ShardProcessMain() {}

  public static void main(String[] args) {
    System.exit(Main.run(args));
  }
}
