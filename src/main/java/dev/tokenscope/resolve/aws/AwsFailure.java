package dev.tokenscope.resolve.aws;

import dev.tokenscope.http.RefusedRequestException;
import dev.tokenscope.model.GrantStatus;
import dev.tokenscope.model.Messages;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** What an AWS error means for a grant: its status and a sentence a person can act on. */
record AwsFailure(GrantStatus status, String reason) {

  /** The meaning of an STS error for the key that made the call. */
  static AwsFailure ofKey(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = String.valueOf(service.awsErrorDetails().errorCode());
      return switch (code) {
        case "InvalidClientTokenId" ->
            new AwsFailure(
                GrantStatus.INVALID,
                "AWS does not know this access key id (InvalidClientTokenId): it never existed, was deleted or is inactive");
        case "SignatureDoesNotMatch" ->
            new AwsFailure(
                GrantStatus.INVALID,
                "the secret does not belong to this access key id (SignatureDoesNotMatch)");
        case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired" ->
            new AwsFailure(
                GrantStatus.REVOKED, "the temporary credentials have expired (" + code + ")");
        case "AccessDenied", "AccessDeniedException" ->
            new AwsFailure(
                GrantStatus.REVOKED,
                "AWS refused even GetCallerIdentity (AccessDenied): the key is disabled or its session was revoked");
        default -> of(e, "checking the key with sts:GetCallerIdentity");
      };
    }
    return of(e, "checking the key with sts:GetCallerIdentity");
  }

  /** The meaning of any other failure: the grant could not be established. */
  static AwsFailure of(SdkException e, String doing) {
    if (e.getCause() instanceof RefusedRequestException refused) {
      throw refused;
    }
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = String.valueOf(service.awsErrorDetails().errorCode());
      if (service.isThrottlingException()) {
        return new AwsFailure(
            GrantStatus.UNKNOWN,
            "AWS kept throttling the requests ("
                + code
                + ") while "
                + doing
                + ", after retries with backoff; run again later");
      }
      if (service.awsErrorDetails().errorCode() == null) {
        return new AwsFailure(
            GrantStatus.UNKNOWN,
            "the endpoint answered HTTP "
                + service.statusCode()
                + " without an AWS error while "
                + doing
                + "; check the configured base URL");
      }
      return new AwsFailure(
          GrantStatus.UNKNOWN,
          "AWS answered "
              + code
              + " ("
              + service.awsErrorDetails().errorMessage()
              + ") while "
              + doing);
    }
    if (e instanceof SdkClientException
        && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
      return new AwsFailure(
          GrantStatus.UNKNOWN,
          "no auditor credentials were found: name a profile with --aws-profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID,"
              + " or use --aws-snapshot DIR with exported files");
    }
    if (e instanceof SdkClientException) {
      return new AwsFailure(
          GrantStatus.UNKNOWN,
          "no answer from AWS while "
              + doing
              + " (network, endpoint or local credential problem): "
              + Messages.firstLine(e.getMessage(), ""));
    }
    return new AwsFailure(
        GrantStatus.UNKNOWN,
        "AWS call failed while " + doing + ": " + Messages.firstLine(e.getMessage(), ""));
  }
}
