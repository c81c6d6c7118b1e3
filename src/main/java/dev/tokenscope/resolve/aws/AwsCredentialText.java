package dev.tokenscope.resolve.aws;

import dev.tokenscope.model.Credential;
import dev.tokenscope.model.Location;
import dev.tokenscope.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one AWS key pair from text a person pastes into {@code tokenscope resolve}: a credentials
 * file block ({@code aws_access_key_id = …}), environment variables ({@code AWS_ACCESS_KEY_ID=…}),
 * or the JSON of {@code aws iam create-access-key} ({@code "AccessKeyId"}, {@code
 * "SecretAccessKey"}). The result has the shape the detectors give a pair.
 */
public final class AwsCredentialText {
  static final String PAIR_RULE = "aws.secret-access-key";
  private static final Pattern ID =
      Pattern.compile(
          "(?i)(?:aws_access_key_id|\"?AccessKeyId\"?)\\s*[:=]\\s*\"?((?:AKIA|ASIA)[A-Z2-7]{16})\"?");
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(?:aws_secret_access_key|\"?SecretAccessKey\"?)\\s*[:=]\\s*\"?([A-Za-z0-9/+=]{40})\"?");

  private AwsCredentialText() {}

  public static Optional<Credential> parse(String text, Location where) {
    Matcher id = ID.matcher(text);
    Matcher secret = SECRET.matcher(text);
    if (!id.find() || !secret.find()) {
      return Optional.empty();
    }
    return Optional.of(
        Credential.found(
            PAIR_RULE,
            "aws",
            new Secret(secret.group(1)),
            Map.of("id", id.group(1)),
            List.of(where)));
  }
}
