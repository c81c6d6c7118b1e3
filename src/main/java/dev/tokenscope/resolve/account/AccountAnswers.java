package dev.tokenscope.resolve.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where an account audit's answers come from: the provider's REST API (every page, through the
 * allow-listed {@link dev.tokenscope.http.SafeHttpClient}), or a snapshot folder holding the same
 * answers saved under their paths. A provider's audit is written once against this and runs live or
 * offline alike.
 */
public interface AccountAnswers {

  /**
   * Every item of a paginated list at {@code path}: the array at {@code pointer} (a JSON pointer;
   * "" for an answer that is itself an array) of every page.
   */
  List<JsonNode> list(String path, String pointer) throws ListingException;

  /** One object at {@code path}. */
  JsonNode get(String path) throws ListingException;

  /**
   * A read-only POST at {@code path} with a JSON body; {@code snapshotName} is the path its answer
   * is saved under in a snapshot (a POST has one path for every question).
   */
  JsonNode post(String path, String body, String snapshotName) throws ListingException;

  /** Notes on how the answers were read (rate-limit waits), for the audit's summary. */
  List<String> notes();

  /** "GitHub API at https://api.github.com" or "snapshot DIR". */
  String describe();
}
