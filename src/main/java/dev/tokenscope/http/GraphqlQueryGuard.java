package dev.tokenscope.http;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a GraphQL document may be sent. The document is parsed with graphql-java's
 * parser, not searched with a pattern, because what a server executes is what its parser sees: a
 * {@code mutation} behind a comment, a fragment on the mutation type or a second operation picked
 * by {@code operationName} all read as harmless text to a regular expression.
 *
 * <p>A document passes only when it holds exactly one operation, that operation is a {@code query}
 * named exactly as the allow-listed operation, every other definition is a fragment, and no
 * fragment (named or inline) is on a {@code Mutation} or {@code Subscription} type.
 */
public final class GraphqlQueryGuard {
  /** The root type names GraphQL servers use for writes and streams; fragments on them refused. */
  private static final Set<String> WRITING_ROOTS = Set.of("mutation", "subscription");

  private GraphqlQueryGuard() {}

  /** Throws {@link RefusedRequestException} unless {@code document} is the one allowed query. */
  static void check(String provider, String document, String operationName) {
    String why = problem(document, operationName);
    if (why != null) {
      throw new RefusedRequestException(
          provider, "GraphQL document for " + operationName + " (" + why + ")");
    }
  }

  /**
   * Why the document may not be sent, or null when it may. Public so that a declared query (a
   * liveness check's) is refused when it is loaded, not first when it is about to be sent.
   */
  public static String problem(String document, String operationName) {
    if (operationName == null || operationName.isBlank()) {
      return "no operation name: only named queries are sent";
    }
    Document parsed;
    try {
      parsed = Parser.parse(document);
    } catch (InvalidSyntaxException e) {
      return "not a GraphQL document the parser accepts";
    }
    int operations = 0;
    for (Definition<?> definition : parsed.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        operations++;
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
          return "a " + operation.getOperation().name().toLowerCase(Locale.ROOT) + " is never sent";
        }
        if (!operationName.equals(operation.getName())) {
          return "the query is named "
              + (operation.getName() == null ? "nothing" : operation.getName())
              + ", not "
              + operationName;
        }
        String inline = writingFragment(operation.getSelectionSet());
        if (inline != null) {
          return inline;
        }
      } else if (definition instanceof FragmentDefinition fragment) {
        if (writing(fragment.getTypeCondition().getName())) {
          return "fragment "
              + fragment.getName()
              + " is on "
              + fragment.getTypeCondition().getName();
        }
        String inline = writingFragment(fragment.getSelectionSet());
        if (inline != null) {
          return inline;
        }
      } else {
        return "only operations and fragments are sent, not "
            + definition.getClass().getSimpleName();
      }
    }
    if (operations != 1) {
      return operations + " operations: exactly one query is sent";
    }
    return null;
  }

  private static String writingFragment(SelectionSet selections) {
    if (selections == null) {
      return null;
    }
    for (Selection<?> selection : selections.getSelections()) {
      SelectionSet inner = null;
      if (selection instanceof InlineFragment fragment) {
        if (fragment.getTypeCondition() != null && writing(fragment.getTypeCondition().getName())) {
          return "an inline fragment is on " + fragment.getTypeCondition().getName();
        }
        inner = fragment.getSelectionSet();
      } else if (selection instanceof Field field) {
        inner = field.getSelectionSet();
      }
      String found = writingFragment(inner);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static boolean writing(String typeName) {
    return WRITING_ROOTS.contains(typeName.toLowerCase(Locale.ROOT));
  }
}
