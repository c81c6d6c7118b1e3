package dev.tokenscope.fleet;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Clones repositories bare (history only, no working tree) through JGit, into a folder the caller
 * deletes when the scan is done. Credentials come from {@link GitCredentials}, never from the URL
 * printed in messages.
 */
public final class GitCloner {
  private final GitCredentials credentials;

  public GitCloner(GitCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * Clones {@code url} into {@code into}; the message of the exception says which URL failed and
   * why.
   */
  public Path cloneBare(String url, Path into) throws IOException {
    CredentialsProvider provider = credentials.forUrl(url);
    try (Git git =
        Git.cloneRepository()
            .setURI(url)
            .setBare(true)
            .setDirectory(into.toFile())
            .setCredentialsProvider(provider)
            .call()) {
      return git.getRepository().getDirectory().toPath();
    } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
      throw new IOException("cannot clone " + printable(url) + ": " + rootMessage(e), e);
    }
  }

  /** A URL with any user info removed, safe to print. */
  public static String printable(String url) {
    return url.replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@]*@", "$1");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return printable(message);
  }
}
