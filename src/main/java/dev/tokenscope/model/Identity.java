package dev.tokenscope.model;

import java.util.Map;

/**
 * Who a credential is: its principal (an IAM user ARN, a service account e-mail, a GitHub login, a
 * database role), the account it lives in (AWS account, GCP project, GitHub org, Railway
 * workspace), its token type as the provider names it ("classic-pat", "account", "restricted-key"
 * …), and further facts the provider reports.
 */
public record Identity(
    String provider,
    String principal,
    String account,
    String tokenType,
    Map<String, String> details) {

  public Identity {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
