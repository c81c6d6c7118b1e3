package dev.tokenscope.resolve.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenscope.http.HttpResult;
import dev.tokenscope.http.ProviderUnreachableException;
import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.http.SafeHttpClient;
import dev.tokenscope.model.Credential;
import dev.tokenscope.resolve.JsonAnswer;
import dev.tokenscope.resolve.SecretScrubber;
import dev.tokenscope.resolve.UnexpectedAnswerException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link FoundTokenLookup} that sends one GET with the found token to a self-describing endpoint
 * and reads the id at a JSON pointer of the answer. Nothing else of the answer is kept: Vault's
 * {@code lookup-self} answer holds the token itself ({@code data.id}), which is never read.
 *
 * @param http the audited provider's client, on the audit's allow-list and base URL
 * @param path the self-lookup path
 * @param headers the headers that carry a token, for a token
 * @param rules the detector rule ids of found tokens the endpoint describes
 * @param refused statuses by which the provider says it does not accept the token (revoked,
 *     expired, unknown); accepted only with the provider's own JSON error, not a proxy's page
 * @param idPointer where the id is in the answer
 * @param listedKinds which listed credentials carry that kind of id
 */
public record SelfLookup(
    SafeHttpClient http,
    String path,
    Function<String, Map<String, String>> headers,
    Set<String> rules,
    Set<Integer> refused,
    String idPointer,
    Predicate<ListedCredential> listedKinds)
    implements FoundTokenLookup {

  @Override
  public String request() {
    return "GET " + path;
  }

  @Override
  public boolean asks(Credential found) {
    return found.secret() != null && rules.contains(found.ruleId());
  }

  @Override
  public boolean names(ListedCredential listed) {
    return listedKinds.test(listed);
  }

  @Override
  public Optional<String> id(Credential found) throws ListingException {
    SecretScrubber scrubber = SecretScrubber.of(found);
    try {
      HttpResult answer = http.get(path, headers.apply(found.secret().reveal()));
      if (refused.contains(answer.status())) {
        JsonAnswer.read(answer, http.provider(), request());
        return Optional.empty();
      }
      if (!answer.ok()) {
        throw new ListingException(request() + " answered HTTP " + answer.status());
      }
      JsonNode id = JsonAnswer.read(answer, http.provider(), request()).at(idPointer);
      String text = id.isTextual() || id.isNumber() ? id.asText() : "";
      if (text.isEmpty()) {
        return Optional.empty();
      }
      if (!text.matches("[A-Za-z0-9._-]{1,128}")) {
        throw new ListingException(request() + " answered an id that is not one");
      }
      return Optional.of(text);
    } catch (ProviderUnreachableException | UnexpectedAnswerException | RefusedRequestException e) {
      // The messages name requests and statuses; the scrubber removes the token should a provider
      // or a proxy have echoed it.
      throw new ListingException(scrubber.scrub(e.getMessage()));
    }
  }
}
