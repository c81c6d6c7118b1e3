package dev.tokenscope.assess;

/** One thing wrong with an inventory file, at a line (0 when the whole file is concerned). */
public record InventoryProblem(String file, int line, String message) {

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
