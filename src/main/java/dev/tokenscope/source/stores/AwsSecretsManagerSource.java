package dev.tokenscope.source.stores;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.Location;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * AWS Secrets Manager: every secret of the region, its current ({@code AWSCURRENT}) value.
 *
 * <p>Calls: {@code ListSecrets} (paginated; names and dates, no values) and {@code GetSecretValue}
 * per secret. Both only read; {@link AwsReadOnlyOperations} refuses any other operation. The
 * auditor's credentials need {@code secretsmanager:ListSecrets}, {@code
 * secretsmanager:GetSecretValue} and {@code kms:Decrypt} on the secrets' keys.
 */
final class AwsSecretsManagerSource implements Source {
  private final AwsClients clients;
  private final Function<SourceSink, StoreScanner> scanners;

  AwsSecretsManagerSource(AwsClients clients, Function<SourceSink, StoreScanner> scanners) {
    this.clients = clients;
    this.scanners = scanners;
  }

  @Override
  public String describe() {
    return "AWS Secrets Manager in " + clients.region();
  }

  @Override
  public void read(SourceSink sink) {
    StoreScanner scanner = scanners.apply(sink);
    String where = "aws-secrets://" + clients.region();
    try (SecretsManagerClient client = clients.secretsManager()) {
      for (ListSecretsResponse page :
          client.listSecretsPaginator(ListSecretsRequest.builder().build())) {
        for (SecretListEntry entry : page.secretList()) {
          readSecret(client, entry, scanner);
        }
      }
    } catch (RefusedRequestException e) {
      throw e;
    } catch (SdkException e) {
      sink.problem(
          where,
          "cannot list secrets: "
              + AwsErrors.describe(e)
              + "; the auditor's credentials need secretsmanager:ListSecrets");
    }
  }

  private void readSecret(
      SecretsManagerClient client, SecretListEntry entry, StoreScanner scanner) {
    SourceSink sink = scanner.sink();
    String display = "aws-secrets://" + entry.name();
    GetSecretValueResponse value;
    try {
      value =
          client.getSecretValue(r -> r.secretId(entry.arn() != null ? entry.arn() : entry.name()));
    } catch (RefusedRequestException e) {
      throw e;
    } catch (SdkException e) {
      sink.problem(
          display,
          "cannot read: " + AwsErrors.describe(e) + "; the rest of the secrets are scanned");
      return;
    }
    sink.stats().files.incrementAndGet();
    Location where =
        new Location(
            "aws-secrets",
            entry.name(),
            0,
            0,
            null,
            null,
            entry.lastChangedDate() != null ? entry.lastChangedDate() : value.createdDate(),
            value.versionId());
    String text;
    if (value.secretString() != null) {
      text =
          scanner.tooLarge(display, value.secretString().getBytes(StandardCharsets.UTF_8).length)
              ? null
              : value.secretString();
    } else if (value.secretBinary() != null) {
      text = scanner.text(display, value.secretBinary().asByteArray());
    } else {
      sink.skipped(display, "no current value");
      return;
    }
    if (text != null) {
      scanner.scan(text, where, JsonEntries.of(lastSegment(entry.name()), text, where));
    }
  }

  static String lastSegment(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
