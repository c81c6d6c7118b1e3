package dev.tokenscope.assess;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory that cannot be used, with every problem found in it, each at its line. */
public final class InventoryException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<InventoryProblem> problems;

  public InventoryException(List<InventoryProblem> problems) {
    super(problems.stream().map(InventoryProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<InventoryProblem> problems() {
    return problems;
  }
}
