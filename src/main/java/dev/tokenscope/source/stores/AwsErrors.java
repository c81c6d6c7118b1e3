package dev.tokenscope.source.stores;

import dev.tokenscope.model.Messages;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** A one-line account of an AWS SDK failure, with what to do for the common ones. */
final class AwsErrors {
  private AwsErrors() {}

  static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails().errorMessage();
      String hint =
          switch (code == null ? "" : code) {
            case "ExpiredTokenException", "ExpiredToken", "RequestExpired" ->
                " (the credentials have expired: refresh them, e.g. aws sso login)";
            case "UnrecognizedClientException",
                "InvalidClientTokenId",
                "InvalidSignatureException" ->
                " (the credentials are not valid)";
            case "AccessDeniedException", "AccessDenied" -> " (permission denied)";
            default -> "";
          };
      return code + ": " + (message == null ? "" : message) + hint;
    }
    return Messages.firstLine(e.getMessage(), e.getClass().getSimpleName());
  }
}
