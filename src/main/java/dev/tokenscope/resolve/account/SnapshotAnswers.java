package dev.tokenscope.resolve.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Account answers read from a snapshot folder: each answer saved as JSON under its API path plus
 * {@code .json} ({@code orgs/acme/personal-access-tokens.json}, {@code
 * api/v4/groups/42/access_tokens.json}), a list as one array (or one page object) holding every
 * item. A file outside the folder is never read, whatever the path built from an answer says.
 */
public final class SnapshotAnswers implements AccountAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public SnapshotAnswers(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "snapshot " + dir;
  }

  @Override
  public List<String> notes() {
    return List.of();
  }

  @Override
  public List<JsonNode> list(String path, String pointer) throws ListingException {
    JsonNode body = get(path);
    JsonNode array = pointer.isEmpty() || body.isArray() ? body : body.at(pointer);
    if (!array.isArray()) {
      throw new ListingException(
          file(path) + ": holds no list" + (pointer.isEmpty() ? "" : " at " + pointer));
    }
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  @Override
  public JsonNode get(String path) throws ListingException {
    Path file = file(path);
    if (!Files.isRegularFile(file)) {
      throw new ListingException(
          "not in the snapshot: " + dir.relativize(file) + " (" + path + " was not exported)");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ListingException(
          dir.relativize(file)
              + ": not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
  }

  @Override
  public JsonNode post(String path, String body, String snapshotName) throws ListingException {
    return get(snapshotName);
  }

  Path file(String path) throws ListingException {
    String relative = path.split("\\?")[0].replaceFirst("^/+", "");
    Path file = dir.resolve(relative + ".json").normalize();
    if (!file.startsWith(dir) || relative.contains("..")) {
      throw new ListingException("refused snapshot path " + path + " (outside the snapshot)");
    }
    return file;
  }
}
