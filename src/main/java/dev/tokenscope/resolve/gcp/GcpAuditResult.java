package dev.tokenscope.resolve.gcp;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.source.Problem;
import dev.tokenscope.source.Source;
import dev.tokenscope.source.SourceSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a GCP audit (live or from a snapshot) found: service-account keys and impersonable accounts
 * as credentials without a secret, each with its grant, and the inputs that could not be read. It
 * plugs into the pipeline as a {@link Source} of those credentials and a {@link Resolver} that
 * answers with the grants already read, so audit and scan share assessment and reports.
 */
public final class GcpAuditResult {
  private final Map<String, Credential> credentials = new LinkedHashMap<>();
  private final Map<String, Grant> grants = new LinkedHashMap<>();
  private final List<Problem> problems;
  private final String describe;

  GcpAuditResult(String describe, Map<Credential, Grant> found, List<Problem> problems) {
    this.describe = describe;
    found.forEach(
        (credential, grant) -> {
          credentials.put(credential.fingerprint(), credential);
          grants.put(credential.fingerprint(), grant);
        });
    this.problems = List.copyOf(problems);
  }

  public List<Credential> credentials() {
    return List.copyOf(credentials.values());
  }

  public Grant grant(Credential credential) {
    return grants.get(credential.fingerprint());
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The credentials, for {@link dev.tokenscope.pipeline.Pipeline#run}. */
  public Source source() {
    return new Source() {
      @Override
      public String describe() {
        return describe;
      }

      @Override
      public void read(SourceSink sink) {
        credentials.values().forEach(sink::credential);
      }
    };
  }

  /** Answers with the grants the audit read; it makes no calls. */
  public Resolver resolver() {
    return new Resolver() {
      @Override
      public String provider() {
        return GcpEndpoints.PROVIDER;
      }

      @Override
      public boolean canResolve(Credential credential) {
        return grants.containsKey(credential.fingerprint());
      }

      @Override
      public Grant resolve(Credential credential, ResolveContext context) {
        return grants.get(credential.fingerprint());
      }
    };
  }
}
