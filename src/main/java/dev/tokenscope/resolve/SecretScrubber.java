package dev.tokenscope.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes a credential's secret from every string of the grant its resolver returned. Providers
 * echo what they were sent: a Slack error names the token, a proxy's page repeats the request, a
 * GCP {@code error_description} quotes the assertion, a Vault listing holds token accessors. The
 * resolvers build their text from those answers in many places; scrubbing the grant once, where
 * {@link Resolvers} hands it on, covers all of them and every resolver added later.
 *
 * <p>What counts as the secret: the value itself, its URL-encoded, JSON-escaped and base64 forms,
 * and its obvious parts: the random part after a provider prefix ({@code ghp_}, {@code xoxb-…-},
 * {@code hvs.}), and for a JSON key file (GCP) each long string value and each line of its private
 * key. Each is replaced with {@link #MARK}.
 */
public final class SecretScrubber {
  static final String MARK = "[REDACTED]";

  /** Shorter parts are too likely to be ordinary words or ids to be worth hiding. */
  private static final int SHORTEST_PART = 8;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> needles;

  private SecretScrubber(Set<String> needles) {
    List<String> sorted = new ArrayList<>(needles);
    // Longest first, so a whole secret is replaced before a part of it.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.needles = List.copyOf(sorted);
  }

  /** A scrubber of every form of the credential's secret (none when it has no secret). */
  public static SecretScrubber of(Credential credential) {
    Set<String> needles = new LinkedHashSet<>();
    if (credential.secret() != null) {
      addForms(needles, credential.secret().reveal());
    }
    return new SecretScrubber(needles);
  }

  private static void addForms(Set<String> needles, String secret) {
    if (secret == null || secret.length() < SHORTEST_PART) {
      if (secret != null && !secret.isBlank()) {
        needles.add(secret); // a short password is still the whole secret
      }
      return;
    }
    add(needles, secret);
    add(needles, URLEncoder.encode(secret, StandardCharsets.UTF_8));
    add(needles, URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    String escaped = JSON.getNodeFactory().textNode(secret).toString();
    add(needles, escaped.substring(1, escaped.length() - 1));
    add(needles, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    String trimmed = secret.strip();
    if (trimmed.startsWith("{")) {
      // A key file: its private key is the secret; the other fields (account, project, URLs) are
      // public and may be shown.
      try {
        JsonNode key = JSON.readTree(trimmed).path("private_key");
        if (key.isTextual()) {
          addLines(needles, key.asText());
        }
      } catch (IOException e) {
        // Not JSON after all: the whole value above is enough.
      }
      return;
    }
    if (trimmed.contains("\n")) {
      addLines(needles, trimmed); // a PEM key: every line of its body
      return;
    }
    for (String part : secret.split("[-_.:/@=+]+")) {
      add(needles, part);
    }
    // The part after a short provider prefix, whatever the separator.
    add(needles, secret.replaceFirst("^[A-Za-z]{2,6}[-_.]", ""));
  }

  private static void addLines(Set<String> needles, String text) {
    add(needles, text);
    for (String line : text.split("\\R")) {
      if (!line.startsWith("-----")) {
        add(needles, line.strip());
      }
    }
  }

  private static void add(Set<String> needles, String candidate) {
    if (candidate != null && candidate.length() >= SHORTEST_PART) {
      needles.add(candidate);
    }
  }

  /** The text with every form of the secret replaced by {@link #MARK}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty() || needles.isEmpty()) {
      return text;
    }
    String out = text;
    for (String needle : needles) {
      if (out.contains(needle)) {
        out = out.replace(needle, MARK);
      }
    }
    return out;
  }

  Grant scrub(Grant grant) {
    if (grant == null || needles.isEmpty()) {
      return grant;
    }
    Identity id = grant.identity();
    Identity identity = null;
    if (id != null) {
      Map<String, String> details = new LinkedHashMap<>();
      id.details().forEach((k, v) -> details.put(scrub(k), scrub(v)));
      identity =
          new Identity(
              id.provider(),
              scrub(id.principal()),
              scrub(id.account()),
              scrub(id.tokenType()),
              details);
    }
    List<Permission> permissions = new ArrayList<>();
    for (Permission p : grant.permissions()) {
      permissions.add(
          new Permission(scrub(p.action()), scrub(p.resource()), p.access(), p.conditional()));
    }
    return new Grant(
        identity,
        grant.environments().stream().map(this::scrub).toList(),
        permissions,
        grant.created(),
        grant.expires(),
        grant.lastUsed(),
        grant.status(),
        scrub(grant.statusReason()),
        grant.evidence().stream().map(this::scrub).toList());
  }
}
