package dev.tokenscope.resolve.railway;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Railway's published GraphQL schema (the introspection result railwayapp/cli ships as {@code
 * src/gql/schema.json}, vendored under {@code src/test/resources/contracts/railway}; see
 * PROVENANCE.md there), loaded once for the contract tests.
 */
final class RailwaySchema {
  static final Path FILE = Path.of("src/test/resources/contracts/railway/schema.json");

  private static GraphQLSchema schema;

  private RailwaySchema() {}

  static synchronized GraphQLSchema schema() {
    if (schema == null) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = new ObjectMapper().readValue(FILE.toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) root.get("data");
        Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(data);
        schema =
            UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().buildRegistry(sdl));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }

  /** What graphql-java's validator finds wrong with the document against Railway's schema. */
  static List<String> problems(String document) {
    List<ValidationError> errors =
        new Validator().validateDocument(schema(), Parser.parse(document), Locale.ENGLISH);
    return errors.stream().map(ValidationError::getMessage).toList();
  }

  /** The names of every query and mutation field Railway publishes. */
  static Set<String> operations() {
    Set<String> out = new TreeSet<>();
    schema().getQueryType().getFieldDefinitions().stream()
        .map(GraphQLFieldDefinition::getName)
        .forEach(out::add);
    schema().getMutationType().getFieldDefinitions().stream()
        .map(GraphQLFieldDefinition::getName)
        .forEach(out::add);
    return out;
  }
}
