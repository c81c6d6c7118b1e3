package dev.tokenscope.resolve.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Reads the IAM credential report (CSV, from {@code aws iam get-credential-report}) for the last
 * use of access keys. The report names keys only as a user's key 1 and key 2, so each is matched to
 * a listed key of that user by its creation time ({@code access_key_N_last_rotated}).
 */
final class CredentialReport {
  private CredentialReport() {}

  static void read(Path file, AccountAuthorization.Builder account) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      account.problems.add(file + ": cannot read: " + e.getMessage());
      return;
    }
    if (lines.isEmpty() || !lines.get(0).startsWith("user,arn,")) {
      account.problems.add(
          file
              + ":1: not an IAM credential report (expected a header starting with user,arn,); export it with the command in docs/aws.md");
      return;
    }
    List<String> header = AccountSnapshot.csv(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> row = AccountSnapshot.csv(lines.get(i));
      if (row.size() != header.size()) {
        account.problems.add(
            file + ":" + (i + 1) + ": expected " + header.size() + " columns, found " + row.size());
        continue;
      }
      String user = row.get(0);
      for (int n = 1; n <= 2; n++) {
        try {
          match(account, user, header, row, n);
        } catch (IllegalArgumentException e) {
          account.problems.add(file + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
    }
  }

  private static void match(
      AccountAuthorization.Builder account,
      String user,
      List<String> header,
      List<String> row,
      int n) {
    String prefix = "access_key_" + n + "_";
    int rotated = header.indexOf(prefix + "last_rotated");
    if (rotated < 0) {
      return;
    }
    Instant created = AccountSnapshot.instant(row.get(rotated));
    if (created == null) {
      return;
    }
    Instant used = AccountSnapshot.instant(cell(header, row, prefix + "last_used_date"));
    String region = AccountSnapshot.text(cell(header, row, prefix + "last_used_region"));
    String service = AccountSnapshot.text(cell(header, row, prefix + "last_used_service"));
    if (user.equals("<root_account>")) {
      boolean active = "true".equalsIgnoreCase(cell(header, row, prefix + "active"));
      account.rootKeys.add(new AccountAuthorization.RootKey(n, active, created, used, service));
      return;
    }
    for (AccountAuthorization.AccessKey key : List.copyOf(account.keys.values())) {
      boolean sameUser = user.equals(key.userName());
      boolean sameCreation =
          key.created() != null && key.created().getEpochSecond() == created.getEpochSecond();
      if (sameUser && sameCreation && key.lastUsed() == null) {
        account.keys.put(key.id(), key.withLastUse(used, service, region));
      }
    }
  }

  /**
   * The row's value in the named column, or null when the header has no such column: a report cut
   * down by hand or from another tool is read as far as it goes (found by AwsSnapshotFuzzTest).
   */
  private static String cell(List<String> header, List<String> row, String column) {
    int index = header.indexOf(column);
    return index < 0 ? null : row.get(index);
  }
}
