package dev.tokenscope.resolve.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an AWS account from files exported with the AWS CLI (see docs/aws.md): the JSON of {@code
 * aws iam get-account-authorization-details} (one file, or one per page), of {@code aws iam
 * list-access-keys} (one per user, or merged), of {@code aws iam get-access-key-last-used} (the key
 * id in the file name), and the credential report CSV. Each file is recognised by its content; a
 * file that cannot be read becomes a problem naming it, and the others still load.
 */
final class AccountSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_ID = Pattern.compile("(?:AKIA|ASIA)[A-Z2-7]{16}");

  private AccountSnapshot() {}

  static AccountAuthorization load(Path dir) {
    AccountAuthorization.Builder account = new AccountAuthorization.Builder();
    if (!Files.isDirectory(dir)) {
      account.problems.add(
          dir
              + ": snapshot folder does not exist; export the files described in docs/aws.md into it");
      return account.build();
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      account.problems.add(dir + ": cannot list the snapshot folder: " + e.getMessage());
      return account.build();
    }
    List<Path> reports = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        readJson(file, account);
      } else if (name.endsWith(".csv")) {
        reports.add(file);
      }
    }
    // The credential report refers to keys by user and creation time, so it is read last.
    reports.forEach(file -> CredentialReport.read(file, account));
    if (account.users.isEmpty() && account.problems.isEmpty()) {
      account.problems.add(
          dir
              + ": no get-account-authorization-details export found; see docs/aws.md for the export commands");
    }
    return account.build();
  }

  private static void readJson(Path file, AccountAuthorization.Builder account) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      account.problems.add(
          file
              + ":"
              + line
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + "); export the file again with the command in docs/aws.md");
      return;
    } catch (IOException e) {
      account.problems.add(file + ": cannot read: " + e.getMessage());
      return;
    }
    List<JsonNode> parts = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(parts::add);
    } else if (root != null) {
      parts.add(root);
    }
    boolean recognised = false;
    for (JsonNode part : parts) {
      try {
        if (part.has("UserDetailList")
            || part.has("GroupDetailList")
            || part.has("RoleDetailList")
            || part.has("Policies")) {
          AuthorizationDetails.read(part, file.getFileName().toString(), account);
          recognised = true;
        }
        if (part.has("AccessKeyMetadata")) {
          // One bad entry (a malformed CreateDate) costs that entry, not the file's other keys.
          for (JsonNode k : part.get("AccessKeyMetadata")) {
            try {
              account.key(accessKey(k));
            } catch (IllegalArgumentException e) {
              account.problems.add(
                  file
                      + ": access key "
                      + k.path("AccessKeyId").asText("?")
                      + ": "
                      + e.getMessage()
                      + " (the file's other keys were read)");
            }
          }
          recognised = true;
        }
        if (part.has("Functions") && part.get("Functions").isArray()) {
          for (JsonNode f : part.get("Functions")) {
            String name = f.path("FunctionName").asText("");
            String arn = f.path("FunctionArn").asText("");
            String role = f.path("Role").asText("");
            if (name.isEmpty() || arn.isEmpty() || role.isEmpty()) {
              throw new IllegalArgumentException(
                  "a Lambda function without FunctionName, FunctionArn or Role (expected aws lambda list-functions output)");
            }
            account.functions.put(arn, new AccountAuthorization.Function(name, arn, role));
          }
          recognised = true;
        }
        if (part.has("Policy") && part.get("Policy").isTextual()) {
          resourcePolicy(part, file, account);
          recognised = true;
        }
        if (part.has("AccessKeyLastUsed")) {
          lastUsed(part, file, account);
          recognised = true;
        }
      } catch (IllegalArgumentException e) {
        account.problems.add(file + ": " + e.getMessage());
        recognised = true;
      }
    }
    if (!recognised) {
      account.problems.add(
          file
              + ": not an export tokenscope knows (expected the output of get-account-authorization-details, list-access-keys, get-access-key-last-used or lambda list-functions)");
    }
  }

  private static final Pattern BUCKET_FILE = Pattern.compile("bucket-policy-(.+)\\.json");
  private static final Pattern KEY_FILE = Pattern.compile("key-policy-(.+)\\.json");

  /**
   * {@code aws s3api get-bucket-policy --bucket B > bucket-policy-B.json} or {@code aws kms
   * get-key-policy --key-id ID --policy-name default > key-policy-ID.json}: the file name says
   * which bucket or key the policy is on.
   */
  private static void resourcePolicy(
      JsonNode part, Path file, AccountAuthorization.Builder account) {
    String name = file.getFileName().toString();
    Matcher bucket = BUCKET_FILE.matcher(name);
    Matcher key = KEY_FILE.matcher(name);
    String kind;
    String resource;
    if (bucket.matches()) {
      kind = "S3 bucket policy of " + bucket.group(1);
      resource = "arn:aws:s3:::" + bucket.group(1);
    } else if (key.matches()) {
      kind = "KMS key policy of " + key.group(1);
      resource =
          key.group(1).startsWith("arn:") ? key.group(1) : "arn:aws:kms:*:*:key/" + key.group(1);
    } else {
      throw new IllegalArgumentException(
          "a resource policy: name the file bucket-policy-BUCKET.json or key-policy-KEY_ID.json so tokenscope knows what it is on");
    }
    account.resourcePolicies.add(
        new AccountAuthorization.ResourcePolicy(
            kind, resource, PolicyDocument.statements(part.get("Policy").asText(), kind)));
  }

  static AccountAuthorization.AccessKey accessKey(JsonNode k) {
    String id = k.path("AccessKeyId").asText("");
    if (!KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "AccessKeyMetadata entry without a valid AccessKeyId: " + id);
    }
    return new AccountAuthorization.AccessKey(
        id,
        k.path("UserName").asText(null),
        k.path("Status").asText("Active"),
        instant(k.path("CreateDate").asText(null)),
        null,
        null,
        null);
  }

  private static void lastUsed(JsonNode part, Path file, AccountAuthorization.Builder account) {
    String id = part.path("AccessKeyId").asText(null);
    if (id == null) {
      Matcher m = KEY_ID.matcher(file.getFileName().toString());
      if (!m.find()) {
        throw new IllegalArgumentException(
            "get-access-key-last-used output does not name its key: put the access key id in the file name (last-used-AKIA….json)");
      }
      id = m.group();
    }
    JsonNode used = part.get("AccessKeyLastUsed");
    AccountAuthorization.AccessKey known = account.keys.get(id);
    if (known == null) {
      known =
          new AccountAuthorization.AccessKey(
              id, part.path("UserName").asText(null), null, null, null, null, null);
    }
    account.keys.put(
        id,
        known.withLastUse(
            instant(used.path("LastUsedDate").asText(null)),
            text(used.path("ServiceName").asText(null)),
            text(used.path("Region").asText(null))));
  }

  /** IAM's "N/A" and "no_information" mean "never" or "unknown": both become null. */
  static String text(String value) {
    return value == null || value.equals("N/A") || value.equals("no_information") ? null : value;
  }

  static Instant instant(String value) {
    String v = text(value);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException("not a date: '" + v + "'");
      }
    }
  }

  static List<String> csv(String line) {
    return Arrays.asList(line.split(",", -1));
  }
}
