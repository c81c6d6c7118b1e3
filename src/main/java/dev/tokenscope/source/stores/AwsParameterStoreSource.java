package dev.tokenscope.source.stores;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * AWS Systems Manager Parameter Store: every parameter under a path, SecureStrings decrypted.
 *
 * <p>Calls: {@code GetParametersByPath} with {@code Recursive} and {@code WithDecryption}
 * (paginated). It only reads; {@link AwsReadOnlyOperations} refuses any other operation. The
 * auditor's credentials need {@code ssm:GetParametersByPath} on the path and {@code kms:Decrypt} on
 * the keys of its SecureStrings.
 */
final class AwsParameterStoreSource implements Source {
  private final AwsClients clients;
  private final String path;
  private final Function<SourceSink, StoreScanner> scanners;

  AwsParameterStoreSource(
      AwsClients clients, String path, Function<SourceSink, StoreScanner> scanners) {
    this.clients = clients;
    this.path = path == null || path.isBlank() ? "/" : path;
    this.scanners = scanners;
  }

  @Override
  public String describe() {
    return "AWS SSM parameters under " + path + " in " + clients.region();
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    GetParametersByPathRequest request =
        GetParametersByPathRequest.builder()
            .path(path)
            .recursive(true)
            .withDecryption(true)
            .build();
    try (SsmClient client = clients.ssm()) {
      for (GetParametersByPathResponse page : client.getParametersByPathPaginator(request)) {
        for (Parameter parameter : page.parameters()) {
          read(parameter, scanner);
        }
      }
    } catch (RefusedRequestException e) {
      throw e;
    } catch (SdkException e) {
      sink.problem(
          "aws-ssm://" + path,
          "cannot read parameters: "
              + AwsErrors.describe(e)
              + "; parameters read before this were scanned; the auditor's credentials need ssm:GetParametersByPath and kms:Decrypt");
    }
  }

  private static void read(Parameter parameter, StoreScanner scanner) {
    String display = "aws-ssm://" + parameter.name();
    String value = parameter.value() == null ? "" : parameter.value();
    if (scanner.tooLarge(display, value.getBytes(StandardCharsets.UTF_8).length)) {
      return;
    }
    scanner.sink().stats().files.incrementAndGet();
    Location where =
        new Location(
            "aws-ssm",
            parameter.name(),
            0,
            0,
            null,
            null,
            parameter.lastModifiedDate(),
            parameter.version() == null ? null : parameter.version().toString());
    scanner.scan(
        value,
        where,
        JsonEntries.of(AwsSecretsManagerSource.lastSegment(parameter.name()), value, where));
  }
}
