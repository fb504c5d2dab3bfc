package dev.atelier.core.git;

import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.files.RuleBreach;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.ProjectSecrets;
import dev.atelier.core.security.OutboundGuard;
import dev.atelier.plugin.api.git.GitCredentials;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Where a project's repository lives and how it is opened. The work tree is the project's files
 * folder; the repository itself ({@code .git}) is kept apart under {@code atelier.git.dir}, so the
 * files API never shows or changes it and no one but the server writes its configuration. Every
 * repository is configured so that git runs nothing and makes no link: no hooks ({@code
 * core.hooksPath} leads nowhere, commits skip verification), no symbolic links ({@code
 * core.symlinks=false}: a link in a cloned repository becomes a small file holding its target), no
 * automatic garbage collection, no redirects; JGit reads no user or system git configuration (which
 * could name filters, helpers or hooks), and never recurses into submodules.
 */
@ApplicationScoped
public class GitRepos {

  private static final Pattern REMOTE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

  /** The key under which a remote's secret name is kept in the server's own config. */
  static final String SECRET_KEY = "atelierSecret";

  static final String USER_KEY = "atelierUser";

  /** The keys under which a remote keeps the git provider and user whose connection it uses. */
  static final String PROVIDER_KEY = "atelierProvider";

  static final String PROVIDER_USER_KEY = "atelierProviderUser";

  @Inject AtelierConfig config;
  @Inject ProjectFiles files;
  @Inject ProjectSecrets secrets;
  @Inject GitProviders providers;
  @Inject OutboundGuard guard;
  @Inject Transactions tx;

  private Path gitRoot;

  @PostConstruct
  void init() {
    gitRoot = config.gitDir();
    isolate();
  }

  /** JGit reads no git configuration of the machine's user or system. */
  static synchronized void isolate() {
    if (SystemReader.getInstance() instanceof Isolated) {
      return;
    }
    SystemReader.setInstance(new Isolated(SystemReader.getInstance()));
  }

  private static final class Isolated extends SystemReader.Delegate {
    Isolated(SystemReader delegate) {
      super(delegate);
    }

    private static FileBasedConfig empty(Config parent, FS fs, boolean user) {
      FileBasedConfig c =
          new FileBasedConfig(parent, null, fs) {
            @Override
            public void load() {}

            @Override
            public void save() {}

            @Override
            public boolean isOutdated() {
              return false;
            }
          };
      if (user) {
        c.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "symlinks", false);
        c.setInt("gc", null, "auto", 0);
        c.setString("http", null, "followRedirects", "false");
      }
      return c;
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
      return empty(parent, fs, true);
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
      return empty(parent, fs, false);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
      return empty(parent, fs, false);
    }
  }

  /** The repository folder of a project. */
  Path gitDir(String tenantId, String projectId) {
    Path p = gitRoot.resolve(tenantId).resolve(projectId + ".git").normalize();
    if (!p.startsWith(gitRoot)) {
      throw new IllegalArgumentException("Not a tenant and project id");
    }
    return p;
  }

  /** The project's work tree: its files folder. */
  Path workTree(String tenantId, String projectId) {
    return files.root(tenantId, projectId);
  }

  boolean exists(String tenantId, String projectId) {
    return Files.isDirectory(gitDir(tenantId, projectId).resolve("objects"));
  }

  /** Opens the project's repository; 404 {@code repository_not_found} when there is none. */
  Repository open(String tenantId, String projectId) {
    if (!exists(tenantId, projectId)) {
      throw GitProblems.noRepository();
    }
    try {
      return new FileRepositoryBuilder()
          .setGitDir(gitDir(tenantId, projectId).toFile())
          .setWorkTree(workTree(tenantId, projectId).toFile())
          .setMustExist(true)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the server's settings into a new repository's configuration. */
  static void configure(Repository repo) throws IOException {
    StoredConfig c = repo.getConfig();
    c.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "symlinks", false);
    c.setString(
        ConfigConstants.CONFIG_CORE_SECTION,
        null,
        "hooksPath",
        new File(repo.getDirectory(), "no-hooks").getAbsolutePath());
    c.setInt("gc", null, "auto", 0);
    c.setString("http", null, "followRedirects", "false");
    c.setBoolean("receive", null, "denyCurrentBranch", true);
    c.save();
    Path info = repo.getDirectory().toPath().resolve("info");
    Files.createDirectories(info);
    // the files API's temporary files are never part of a commit
    Files.writeString(info.resolve("exclude"), ".atelier-tmp-*\n");
  }

  /**
   * Removes the {@code .git} file JGit leaves in a work tree whose repository is elsewhere (it
   * names the server's folder, and the repository is opened by its own path anyway).
   */
  void dropGitLink(String tenantId, String projectId) throws IOException {
    Path link = workTree(tenantId, projectId).resolve(Constants.DOT_GIT);
    if (Files.isRegularFile(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && Files.size(link) < 4096
        && Files.readString(link).startsWith("gitdir:")) {
      Files.delete(link);
    }
  }

  /** Deletes a project's repository (not its files). */
  void delete(String tenantId, String projectId) {
    Path dir = gitDir(tenantId, projectId);
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses a remote name git or this server would not take. */
  static boolean validRemoteName(String name) {
    return name != null && REMOTE_NAME.matcher(name).matches() && !name.contains("..");
  }

  /** Whether {@code name} is a branch name git takes (and not too long). */
  static boolean validBranch(String name) {
    return name != null
        && name.length() <= 200
        && !name.startsWith("-")
        && Repository.isValidRefName(Constants.R_HEADS + name);
  }

  /** Refuses a URL the outbound guard refuses (not http or https, credentials, private host). */
  void checkUrl(String field, String url) {
    guard.check(field, url);
  }

  /**
   * The credentials of remote {@code remote}: the token in the project secret its configuration
   * names (set through this API only), or none.
   */
  CredentialsProvider credentials(
      String tenantId, String projectId, Repository repo, String remote) {
    String provider = repo.getConfig().getString("remote", remote, PROVIDER_KEY);
    if (provider != null) {
      GitCredentials c;
      try {
        c =
            providers.credentials(
                tenantId,
                repo.getConfig().getString("remote", remote, PROVIDER_USER_KEY),
                provider);
      } catch (ProblemException e) {
        throw new dev.atelier.core.tasks.TaskFailure(
            e.status(), e.code(), e.title(), e.getMessage(), List.of());
      }
      return new UsernamePasswordCredentialsProvider(c.username(), c.password());
    }
    String secret = repo.getConfig().getString("remote", remote, SECRET_KEY);
    if (secret == null) {
      return null;
    }
    String user =
        Optional.ofNullable(repo.getConfig().getString("remote", remote, USER_KEY)).orElse("git");
    String token =
        secrets
            .reveal(tenantId, projectId, secret)
            .orElseThrow(
                () ->
                    new dev.atelier.core.tasks.TaskFailure(
                        422,
                        "secret_not_found",
                        "Secret not found",
                        "The project secret " + secret + " of remote " + remote + " is gone.",
                        List.of()));
    return new UsernamePasswordCredentialsProvider(user, token);
  }

  /** The person of user {@code userId} for commits. */
  PersonIdent person(String userId) {
    User u = userId == null ? null : tx.inPlatform(em -> em.find(User.class, userId));
    if (u == null) {
      return new PersonIdent("Atelier", "atelier@localhost");
    }
    String name = u.name() == null || u.name().isBlank() ? u.email() : u.name();
    return new PersonIdent(name, u.email());
  }

  /**
   * How the tree of {@code commit} would break the files rules once checked out, measured from the
   * object database before anything is written.
   */
  Optional<RuleBreach> measure(Repository repo, ObjectId commit) throws IOException {
    long entries = 0;
    long bytes = 0;
    List<String> tooLarge = new ArrayList<>();
    long max = files.limits().maxFileBytes();
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader();
        TreeWalk tw = new TreeWalk(repo, reader)) {
      RevCommit c = walk.parseCommit(commit);
      tw.addTree(c.getTree());
      tw.setRecursive(false);
      while (tw.next()) {
        entries++;
        if (tw.isSubtree()) {
          tw.enterSubtree();
          continue;
        }
        FileMode mode = tw.getFileMode(0);
        if (mode == FileMode.GITLINK) {
          continue; // a submodule: an empty folder, never fetched
        }
        long size = reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB);
        bytes += size;
        if (size > max && tooLarge.size() < 100) {
          tooLarge.add(tw.getPathString());
        }
      }
    }
    if (!tooLarge.isEmpty()) {
      return Optional.of(
          new RuleBreach(
              "file_too_large", "Files may be at most " + max + " bytes.", List.copyOf(tooLarge)));
    }
    return files.breach(entries, bytes);
  }

  /** As {@link #measure}, thrown as a problem. */
  void checkFits(Repository repo, ObjectId commit, String what) throws IOException {
    Optional<RuleBreach> b = measure(repo, commit);
    if (b.isPresent()) {
      throw GitProblems.breach(b.get(), what);
    }
  }

  /** Whether {@code e} is a problem to pass on as it is. */
  static boolean isProblem(Throwable e) {
    return e instanceof ProblemException;
  }
}
