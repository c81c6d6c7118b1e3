package dev.tokenscope.store;

/** A separate process that keeps a store open until its standard input closes. Argument: URL. */
public final class StoreHolder {
  private StoreHolder() {}

  public static void main(String[] args) throws Exception {
    try (ScanStore store = ScanStore.open(args[0], null, null)) {
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the store until the parent closes our input
      }
    }
  }
}
