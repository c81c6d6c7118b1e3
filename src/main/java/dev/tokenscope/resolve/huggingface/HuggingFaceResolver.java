package dev.tokenscope.resolve.huggingface;

import static dev.tokenscope.http.AllowedRequest.get;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.AllowList;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Access;
import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Grant;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Identity;
import dev.tokenscope.model.Permission;
import dev.tokenscope.resolve.JsonAnswer;
import dev.tokenscope.resolve.ResolveContext;
import dev.tokenscope.resolve.Resolver;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves Hugging Face user access tokens ({@code hf_}).
 *
 * <p>One call: {@code GET /api/whoami-v2}, a read, which returns the user, the organizations and
 * the user's role in each, and under {@code auth.accessToken} the token's role ({@code read},
 * {@code contributor}, {@code write}, {@code admin} or {@code fineGrained}) with, for fine-grained
 * tokens, its global and per-entity permissions.
 */
public final class HuggingFaceResolver implements Resolver {
  static final String DEFAULT_BASE_URL = "https://huggingface.co";
  static final AllowList ALLOW_LIST = AllowList.of("huggingface", get("/api/whoami-v2"));

  @Override
  public String provider() {
    return "huggingface";
  }

  @Override
  public boolean canResolve(Credential credential) {
    return "huggingface".equalsIgnoreCase(credential.provider()) && credential.secret() != null;
  }

  @Override
  public Grant resolve(Credential credential, ResolveContext context) {
    Identity unknown = new Identity("huggingface", null, null, null, Map.of());
    SafeHttpClient http = context.client(ALLOW_LIST, DEFAULT_BASE_URL);
    try {
      HttpResult answer =
          http.get(
              "/api/whoami-v2",
              Map.of(
                  "Authorization",
                  "Bearer " + credential.secret().reveal(),
                  "User-Agent",
                  "tokenscope"));
      if (answer.status() == 401) {
        JsonAnswer.read(answer, "huggingface", "GET /api/whoami-v2");
        return Grant.unresolved(
            unknown,
            GrantStatus.INVALID,
            "Hugging Face answers 401 Invalid credentials: the token was deleted, invalidated or never existed");
      }
      if (!answer.ok()) {
        return Grant.unresolved(
            unknown,
            GrantStatus.UNKNOWN,
            "Hugging Face answered GET /api/whoami-v2 with HTTP " + answer.status());
      }
      JsonNode body = JsonAnswer.read(answer, "huggingface", "GET /api/whoami-v2");
      String user = body.path("name").asText(null);
      JsonNode token = body.path("auth").path("accessToken");
      String role = token.path("role").asText("unknown");
      Map<String, String> details = new LinkedHashMap<>();
      details.put("token_name", token.path("displayName").asText(""));
      List<String> orgs = new ArrayList<>();
      List<Permission> permissions = new ArrayList<>();
      List<String> evidence = new ArrayList<>();
      evidence.add("whoami-v2: token role " + role);
      switch (role) {
        case "read" -> {
          permissions.add(Permission.of("repo.content.read", user, Access.READ));
          for (JsonNode org : body.path("orgs")) {
            orgs.add(org.path("name").asText());
            permissions.add(
                Permission.of("repo.content.read", org.path("name").asText(), Access.READ));
          }
        }
        case "write", "admin", "contributor" -> {
          // Token roles as Hugging Face names them (huggingface.js AccessTokenRole: admin, write,
          // contributor, read). A contributor may write only the repositories its user created.
          boolean contributor = role.equals("contributor");
          permissions.add(Permission.of("repo.write", user, Access.WRITE));
          if (role.equals("admin")) {
            permissions.add(Permission.of("account.admin", user, Access.ADMIN));
          }
          for (JsonNode org : body.path("orgs")) {
            String name = org.path("name").asText();
            String orgRole = org.path("roleInOrg").asText("");
            orgs.add(name + " (" + orgRole + ")");
            if (orgRole.equals("admin") && !contributor) {
              permissions.add(Permission.of("org.admin", name, Access.ADMIN));
            }
            if (orgRole.equals("read")) {
              permissions.add(Permission.of("repo.content.read", name, Access.READ));
            } else if (contributor || orgRole.equals("contributor")) {
              permissions.add(new Permission("repo.write", name, Access.WRITE, true));
            } else {
              permissions.add(Permission.of("repo.write", name, Access.WRITE));
            }
          }
          evidence.add(
              contributor
                  ? "a contributor token can create repositories and change or delete those its"
                      + " owner created"
                  : "a "
                      + role
                      + " token can create, overwrite and delete every repository its owner can");
        }
        case "fineGrained" -> {
          body.path("orgs").forEach(o -> orgs.add(o.path("name").asText()));
          JsonNode fine = token.path("fineGrained");
          fine.path("global")
              .forEach(p -> permissions.add(Permission.of(p.asText(), user, access(p.asText()))));
          for (JsonNode scoped : fine.path("scoped")) {
            String entity = scoped.path("entity").path("name").asText();
            scoped
                .path("permissions")
                .forEach(
                    p -> permissions.add(Permission.of(p.asText(), entity, access(p.asText()))));
          }
          if (fine.path("canReadGatedRepos").asBoolean(false)) {
            permissions.add(Permission.of("gated-repos.read", "*", Access.READ));
          }
        }
        default -> evidence.add("unrecognised token role " + role + ": no permissions derived");
      }
      if (!orgs.isEmpty()) {
        details.put("orgs", String.join(",", orgs));
      }
      Identity identity = new Identity("huggingface", user, user, role, details);
      return new Grant(
          identity,
          List.of(),
          permissions,
          JsonAnswer.instant(token.get("createdAt")),
          null,
          null,
          GrantStatus.ACTIVE,
          null,
          evidence);
    } catch (ProviderUnreachableException | UnexpectedAnswerException e) {
      return Grant.unresolved(unknown, GrantStatus.UNKNOWN, e.getMessage());
    }
  }

  static Access access(String permission) {
    if (permission.endsWith(".write") || permission.endsWith(".manage")) {
      return Access.WRITE;
    }
    return Access.READ;
  }
}
