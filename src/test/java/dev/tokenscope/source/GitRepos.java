package dev.tokenscope.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Builds real git repositories for tests, with JGit, at fixed authors and dates. */
final class GitRepos {
  private final Git git;
  private final Path dir;

  private GitRepos(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  static GitRepos init(Path dir) throws Exception {
    return new GitRepos(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
  }

  Git git() {
    return git;
  }

  Path dir() {
    return dir;
  }

  GitRepos write(String path, String content) throws Exception {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.add().addFilepattern(path).call();
    return this;
  }

  GitRepos delete(String path) throws Exception {
    git.rm().addFilepattern(path).call();
    return this;
  }

  RevCommit commit(String message, String author, Instant when) throws Exception {
    PersonIdent ident =
        new PersonIdent(author, author.toLowerCase() + "@example.com", when, ZoneOffset.UTC);
    return git.commit()
        .setMessage(message)
        .setAuthor(ident)
        .setCommitter(ident)
        .setSign(false)
        .call();
  }

  /** The file of a loose object, as JGit wrote it: {@code .git/objects/ab/cdef…}. */
  Path looseObject(String id) {
    return dir.resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
  }

  static {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
  }
}
