package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Fingerprint;
import dev.tokenscope.model.Location;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.util.List;
import java.util.Map;

/**
 * The access keys an AWS account lists, as credentials without a secret (provider {@code aws},
 * attribute {@code id}, location source {@code provider-account}). They carry the fingerprint a
 * detector gives the bare key id, so an inventory entry matches either way. The pipeline then
 * resolves them through the same {@link AwsResolver}, which reads the account only once.
 */
public final class AwsAccountSource implements Source {
  /** The rule id of a bare access key id, shared with the detector so fingerprints agree. */
  static final String RULE_ID = "aws.access-key-id";

  private final AccountReader reader;

  public AwsAccountSource(AwsResolver resolver, ResolveContext context) {
    this.reader = resolver.reader(context);
  }

  @Override
  public String describe() {
    return reader.describe();
  }

  @Override
  public void read(SourceSink sink) {
    List<AccountAuthorization.AccessKey> keys;
    try {
      keys = reader.keys();
      reader.authorization().problems().forEach(p -> sink.problem(describe(), p));
      reader.keyProblems().forEach(p -> sink.problem(describe(), p));
    } catch (AccountReader.AccountReadException e) {
      sink.problem(describe(), e.getMessage());
      return;
    }
    for (AccountAuthorization.AccessKey key : keys) {
      String path =
          key.userName() == null ? "aws access key " + key.id() : "aws iam user " + key.userName();
      sink.credential(
          new Credential(
              RULE_ID,
              "aws",
              null,
              Map.of("id", key.id()),
              Fingerprint.of(RULE_ID, key.id()),
              List.of(Location.store("provider-account", path, null))));
    }
  }
}
