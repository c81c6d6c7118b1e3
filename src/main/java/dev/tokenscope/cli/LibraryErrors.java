package dev.tokenscope.cli;

import dev.tokenscope.report.SafeText;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Exceptions from libraries (the JDK's file system, the AWS SDK) said as one sentence with the next
 * step, instead of a class name and a stack of provider-chain details.
 */
final class LibraryErrors {
  private LibraryErrors() {}

  /** The sentence for {@code e} (or one of its causes), or null when it is not one we know. */
  static String sentence(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException missing) {
        return SafeText.of(missing.getFile()) + ": no such file or folder; check the path";
      }
      if (t instanceof AccessDeniedException denied) {
        return SafeText.of(denied.getFile()) + ": permission denied; run as a user who may read it";
      }
      if (t instanceof NotDirectoryException notDir) {
        return SafeText.of(notDir.getFile()) + ": not a folder; name the folder that holds it";
      }
      String type = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      if (type.startsWith("software.amazon.awssdk.")
          && message.contains("Unable to load credentials")) {
        return "no AWS credentials for the auditor were found: name a profile with --aws-profile,"
            + " set AWS_PROFILE or AWS_ACCESS_KEY_ID, or read exported files with --aws-snapshot DIR";
      }
      if (type.startsWith("software.amazon.awssdk.")) {
        return "AWS: "
            + SafeText.of(message.lines().findFirst().orElse(""))
            + "; check the profile, region and network";
      }
    }
    return null;
  }
}
