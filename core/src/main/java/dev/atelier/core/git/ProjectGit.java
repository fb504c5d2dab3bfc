package dev.atelier.core.git;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.files.FilePaths;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.projects.ProjectSecrets;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.tasks.TaskAccepted;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.core.tasks.Tasks;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.RefAlreadyExistsException;
import org.eclipse.jgit.api.errors.RefNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;

/**
 * Git in projects: init, status, commit, log, branches, checkout and remotes at once; clone, push
 * and pull queued as background tasks ({@link GitTasks}). Changes of the work tree run under the
 * files' lock of the project ({@link ProjectFiles#exclusive}) and leave the files rules holding.
 */
@ApplicationScoped
public class ProjectGit {

  private static final Logger LOG = Logger.getLogger(ProjectGit.class.getName());

  /** The kinds of background task of git. */
  static final String CLONE = "git.clone";

  static final String PUSH = "git.push";
  static final String PULL = "git.pull";

  @Inject Transactions tx;
  @Inject GitRepos repos;
  @Inject GitProviders providers;
  @Inject ProjectFiles files;
  @Inject ProjectSecrets secrets;
  @Inject Tasks tasks;
  @Inject Audit audit;
  @Inject dev.atelier.core.security.Caller caller;

  private String projectId(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> Projects.find(em, idOrSlug).id());
  }

  /** Makes the project's files a repository on {@code branch}. */
  public StatusView init(String tenantId, String idOrSlug, String branch) {
    String p = projectId(tenantId, idOrSlug);
    return files.exclusive(
        tenantId,
        p,
        () -> {
          if (repos.exists(tenantId, p)) {
            throw GitProblems.exists();
          }
          try (Git git =
              Git.init()
                  .setGitDir(repos.gitDir(tenantId, p).toFile())
                  .setDirectory(repos.workTree(tenantId, p).toFile())
                  .setInitialBranch(branch)
                  .call()) {
            GitRepos.configure(git.getRepository());
            repos.dropGitLink(tenantId, p);
          } catch (GitAPIException | IOException e) {
            repos.delete(tenantId, p);
            throw new IllegalStateException("Cannot create the repository", e);
          }
          tx.inTenantDo(tenantId, em -> audit.record(em, "git.initialized", "project", p, branch));
          return status(tenantId, p);
        });
  }

  /** The state of the project's files against their current commit. */
  public StatusView status(String tenantId, String idOrSlug) {
    String p = projectId(tenantId, idOrSlug);
    try (Repository repo = repos.open(tenantId, p)) {
      return status(repo);
    }
  }

  static StatusView status(Repository repo) {
    try {
      Status s = Git.wrap(repo).status().call();
      ObjectId head = repo.resolve(Constants.HEAD);
      return new StatusView(
          repo.getBranch(),
          head == null ? null : head.name(),
          !s.hasUncommittedChanges(),
          sorted(s.getAdded()),
          sorted(s.getChanged()),
          sorted(s.getRemoved()),
          sorted(s.getModified()),
          sorted(s.getMissing()),
          sorted(s.getUntracked()),
          sorted(s.getConflicting()));
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("Cannot read the repository's status", e);
    }
  }

  private static List<String> sorted(Set<String> paths) {
    return List.copyOf(new TreeSet<>(paths));
  }

  /**
   * Commits the changes of {@code paths} (every change when null) as {@code userId}; 409 {@code
   * nothing_to_commit} when there is none.
   */
  public CommitView commit(
      String tenantId, String idOrSlug, String userId, String message, List<String> paths) {
    return commit(tenantId, idOrSlug, repos.person(userId), message, paths);
  }

  private CommitView commit(
      String tenantId, String idOrSlug, PersonIdent author, String message, List<String> paths) {
    String p = projectId(tenantId, idOrSlug);
    List<String> patterns = new ArrayList<>();
    if (paths == null || paths.isEmpty()) {
      patterns.add(".");
    } else {
      for (int i = 0; i < paths.size(); i++) {
        String rel = FilePaths.normalize("paths[" + i + "]", paths.get(i));
        patterns.add(rel.isEmpty() ? "." : rel);
      }
    }
    CommitView done =
        files.exclusive(
            tenantId,
            p,
            () -> {
              try (Repository repo = repos.open(tenantId, p)) {
                Git git = Git.wrap(repo);
                AddCommand add = git.add();
                AddCommand update = git.add().setUpdate(true);
                for (String pattern : patterns) {
                  add.addFilepattern(pattern);
                  update.addFilepattern(pattern);
                }
                add.call();
                update.call();
                Status s = git.status().call();
                if (s.getAdded().isEmpty()
                    && s.getChanged().isEmpty()
                    && s.getRemoved().isEmpty()) {
                  throw GitProblems.nothingToCommit();
                }
                RevCommit c =
                    git.commit()
                        .setMessage(message)
                        .setAuthor(author)
                        .setCommitter(author)
                        .setNoVerify(true)
                        .setSign(false)
                        .call();
                return view(c);
              } catch (GitAPIException e) {
                throw new IllegalStateException("Cannot commit", e);
              }
            });
    if (caller.isAuthenticated()) {
      tx.inTenantDo(tenantId, em -> audit.record(em, "git.committed", "project", p, done.id()));
    }
    return done;
  }

  static CommitView view(RevCommit c) {
    PersonIdent a = c.getAuthorIdent();
    return new CommitView(
        c.getName(), c.getFullMessage(), a.getName(), a.getEmailAddress(), a.getWhenAsInstant());
  }

  /**
   * Commits as an agent's tool call: the author is the agent, the message says which run made it.
   */
  public CommitView commitForRun(
      String tenantId,
      String projectId,
      String agent,
      String runId,
      String message,
      List<String> paths) {
    return commit(
        tenantId,
        projectId,
        new PersonIdent(agent == null ? "Atelier agent" : agent, "agent@atelier.invalid"),
        message + (runId == null ? "" : "\n\nAtelier-Run: " + runId),
        paths);
  }

  /**
   * The changes of the work tree against the current commit, as a unified diff (untracked files as
   * added), cut at {@code maxChars}; under {@code path} only when given.
   */
  public String diff(String tenantId, String idOrSlug, String path, int maxChars) {
    String p = projectId(tenantId, idOrSlug);
    String rel = path == null ? "" : FilePaths.normalize("path", path);
    try (Repository repo = repos.open(tenantId, p)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
      org.eclipse.jgit.treewalk.AbstractTreeIterator old;
      if (head == null) {
        old = new org.eclipse.jgit.treewalk.EmptyTreeIterator();
      } else {
        try (org.eclipse.jgit.lib.ObjectReader reader = repo.newObjectReader()) {
          old = new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader, head);
        }
      }
      var diff =
          Git.wrap(repo)
              .diff()
              .setOldTree(old)
              .setNewTree(new org.eclipse.jgit.treewalk.FileTreeIterator(repo))
              .setOutputStream(out);
      if (!rel.isEmpty()) {
        diff.setPathFilter(org.eclipse.jgit.treewalk.filter.PathFilter.create(rel));
      }
      diff.call();
      String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      return text.length() <= maxChars
          ? text
          : text.substring(0, maxChars) + "\n… (cut at " + maxChars + " characters)";
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("Cannot compute the diff", e);
    }
  }

  /** The commits of the current branch, newest first. */
  public Page<CommitView> log(String tenantId, String idOrSlug, PageRequest page) {
    String p = projectId(tenantId, idOrSlug);
    try (Repository repo = repos.open(tenantId, p)) {
      ObjectId head = repo.resolve(Constants.HEAD);
      if (head == null) {
        return page.page(List.of(), 0);
      }
      List<CommitView> items = new ArrayList<>();
      long total = 0;
      try (RevWalk walk = new RevWalk(repo)) {
        walk.markStart(walk.parseCommit(head));
        for (RevCommit c : walk) {
          if (total >= page.offset() && items.size() < page.limit()) {
            items.add(view(c));
          }
          total++;
        }
      }
      return page.page(items, total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local branches, by name. */
  public BranchList branches(String tenantId, String idOrSlug) {
    String p = projectId(tenantId, idOrSlug);
    try (Repository repo = repos.open(tenantId, p)) {
      String current = repo.getBranch();
      List<BranchView> items = new ArrayList<>();
      for (Ref r : Git.wrap(repo).branchList().call()) {
        String name = Repository.shortenRefName(r.getName());
        items.add(new BranchView(name, r.getObjectId().name(), name.equals(current)));
      }
      return new BranchList(current, items);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("Cannot list the branches", e);
    }
  }

  /** Switches the files to {@code branch}, created from the current commit with {@code create}. */
  public StatusView checkout(String tenantId, String idOrSlug, String branch, boolean create) {
    String p = projectId(tenantId, idOrSlug);
    return files.exclusive(
        tenantId,
        p,
        () -> {
          try (Repository repo = repos.open(tenantId, p)) {
            Ref existing = repo.exactRef(Constants.R_HEADS + branch);
            if (create && existing != null) {
              throw GitProblems.branchExists(branch);
            }
            if (!create && existing == null) {
              throw GitProblems.noBranch(branch);
            }
            if (create && repo.resolve(Constants.HEAD) == null) {
              throw GitProblems.noCommits();
            }
            if (!create) {
              repos.checkFits(
                  repo, existing.getObjectId(), "Branch " + branch + " breaks the files rules: ");
            }
            Git.wrap(repo).checkout().setName(branch).setCreateBranch(create).call();
            return status(repo);
          } catch (CheckoutConflictException e) {
            throw new ApiException(
                409,
                "checkout_conflict",
                "Conflict",
                "Uncommitted changes would be overwritten: commit them first ("
                    + String.join(", ", e.getConflictingPaths())
                    + ").");
          } catch (RefAlreadyExistsException e) {
            throw GitProblems.branchExists(branch);
          } catch (RefNotFoundException e) {
            throw GitProblems.noBranch(branch);
          } catch (TaskFailure f) {
            throw new ApiException(f.status(), f.code(), f.title(), f.getMessage());
          } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("Cannot check out " + branch, e);
          }
        });
  }

  /** The remotes, by name. */
  public RemoteList remotes(String tenantId, String idOrSlug) {
    String p = projectId(tenantId, idOrSlug);
    try (Repository repo = repos.open(tenantId, p)) {
      return remotes(repo);
    }
  }

  static RemoteList remotes(Repository repo) {
    try {
      List<RemoteView> items = new ArrayList<>();
      for (RemoteConfig rc : RemoteConfig.getAllRemoteConfigs(repo.getConfig())) {
        StoredConfig c = repo.getConfig();
        items.add(
            new RemoteView(
                rc.getName(),
                rc.getURIs().isEmpty() ? "" : rc.getURIs().get(0).toString(),
                c.getString("remote", rc.getName(), GitRepos.SECRET_KEY),
                c.getString("remote", rc.getName(), GitRepos.USER_KEY)));
      }
      items.sort(java.util.Comparator.comparing(RemoteView::name));
      return new RemoteList(items);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("A remote's URL cannot be read", e);
    }
  }

  /**
   * Replaces the remotes with {@code wanted} (checked by the caller: names, URLs through the
   * outbound guard); each secret must be one of the project's.
   */
  public RemoteList putRemotes(String tenantId, String idOrSlug, List<RemoteView> wanted) {
    String p = projectId(tenantId, idOrSlug);
    for (int i = 0; i < wanted.size(); i++) {
      RemoteView r = wanted.get(i);
      if (r.secret() != null && secrets.reveal(tenantId, p, r.secret()).isEmpty()) {
        throw ApiException.validation("items[" + i + "].secret", "is not a secret of the project");
      }
    }
    RemoteList done =
        files.exclusive(
            tenantId,
            p,
            () -> {
              try (Repository repo = repos.open(tenantId, p)) {
                StoredConfig c = repo.getConfig();
                for (String name : c.getSubsections("remote")) {
                  c.unsetSection("remote", name);
                }
                for (RemoteView r : wanted) {
                  writeRemote(c, r);
                }
                c.save();
                return remotes(repo);
              } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("Cannot change the remotes", e);
              }
            });
    tx.inTenantDo(
        tenantId,
        em ->
            audit.record(
                em,
                "git.remotes_changed",
                "project",
                p,
                String.join(",", done.items().stream().map(RemoteView::name).toList())));
    return done;
  }

  static void writeRemote(StoredConfig c, RemoteView r) throws URISyntaxException {
    RemoteConfig rc = new RemoteConfig(c, r.name());
    for (URIish u : List.copyOf(rc.getURIs())) {
      rc.removeURI(u);
    }
    rc.addURI(new URIish(r.url().trim()));
    rc.addFetchRefSpec(
        new RefSpec("+refs/heads/*:refs/remotes/" + r.name() + "/*").setForceUpdate(true));
    rc.update(c);
    if (r.secret() != null) {
      // a secret replaces the git provider connection the remote used
      c.unset("remote", r.name(), GitRepos.PROVIDER_KEY);
      c.unset("remote", r.name(), GitRepos.PROVIDER_USER_KEY);
      c.setString("remote", r.name(), GitRepos.SECRET_KEY, r.secret());
    } else {
      c.unset("remote", r.name(), GitRepos.SECRET_KEY);
    }
    if (r.username() != null) {
      c.setString("remote", r.name(), GitRepos.USER_KEY, r.username());
    } else {
      c.unset("remote", r.name(), GitRepos.USER_KEY);
    }
  }

  /**
   * Queues the clone of {@code url} into the project: 409 when the project has a repository or
   * files, or a git task runs; 422 when the secret is not the project's.
   */
  public TaskAccepted clone(String tenantId, String userId, CloneRepository body) {
    String p = projectId(tenantId, body.projectId());
    if (repos.exists(tenantId, p)) {
      throw GitProblems.exists();
    }
    if (!files.isEmpty(tenantId, p)) {
      throw GitProblems.notEmpty();
    }
    if (body.secret() != null && secrets.reveal(tenantId, p, body.secret()).isEmpty()) {
      throw ApiException.validation("secret", "is not a secret of the project");
    }
    JsonObjectBuilder input = JSON.createObjectBuilder().add("url", body.url().trim());
    if (body.branch() != null) {
      input.add("branch", body.branch());
    }
    if (body.secret() != null) {
      input.add("secret", body.secret());
    }
    if (body.username() != null) {
      input.add("username", body.username());
    }
    if (body.provider() != null) {
      providers.requireConnected(tenantId, userId, body.provider());
      input.add("provider", body.provider()).add("provider_user", userId);
    }
    return submit(tenantId, userId, p, CLONE, input, "git.clone_started", body.url().trim());
  }

  /** Queues a push of {@code branch} (the current one when null) to {@code remote}. */
  public TaskAccepted push(String tenantId, String userId, SyncBranch body) {
    return sync(tenantId, userId, body, PUSH, "git.push_started");
  }

  /** Queues a pull of the current branch from {@code remote}. */
  public TaskAccepted pull(String tenantId, String userId, SyncBranch body) {
    return sync(tenantId, userId, body, PULL, "git.pull_started");
  }

  private TaskAccepted sync(
      String tenantId, String userId, SyncBranch body, String kind, String action) {
    String p = projectId(tenantId, body.projectId());
    String remote = body.remote() == null ? "origin" : body.remote();
    String branch;
    try (Repository repo = repos.open(tenantId, p)) {
      if (RemoteConfig.getAllRemoteConfigs(repo.getConfig()).stream()
          .noneMatch(r -> r.getName().equals(remote))) {
        throw new ApiException(
            404, "remote_not_found", "Not found", "There is no remote " + remote + ".");
      }
      branch = body.branch() == null ? repo.getBranch() : body.branch();
      if (PUSH.equals(kind) && repo.exactRef(Constants.R_HEADS + branch) == null) {
        throw GitProblems.noBranch(branch);
      }
      if (PULL.equals(kind) && !branch.equals(repo.getBranch())) {
        throw ApiException.validation("branch", "must be the current branch");
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("Cannot read the repository", e);
    }
    JsonObjectBuilder input =
        JSON.createObjectBuilder().add("remote", remote).add("branch", branch);
    return submit(tenantId, userId, p, kind, input, action, remote + " " + branch);
  }

  /** The pull a push the host reported queued; {@code behind}: after another git task. */
  record PushPull(TaskAccepted task, boolean behind) {}

  /**
   * Queues a pull of {@code branch} from origin for a push the host reported ({@code push}: its
   * provider, repository and commit, for event {@code git.pushed} once pulled), with {@code
   * alsoInTx} first in the same transaction, under the project's lock. While another git task of
   * the project is queued, runs or waits, the pull is queued behind it and checks the branch when
   * it starts; a pull of the same branch for an earlier push that has not started takes this push
   * instead of a second pull. Otherwise the branch must be the project's current one. Empty when
   * the project has no repository or no origin, or is on another branch.
   */
  java.util.Optional<PushPull> pullOnPush(
      String tenantId,
      String userId,
      String projectId,
      String branch,
      JsonObject push,
      java.util.function.Consumer<EntityManager> alsoInTx) {
    if (!repos.exists(tenantId, projectId)) {
      return java.util.Optional.empty();
    }
    String current;
    try (Repository repo = repos.open(tenantId, projectId)) {
      if (RemoteConfig.getAllRemoteConfigs(repo.getConfig()).stream()
          .noneMatch(r -> r.getName().equals("origin"))) {
        return java.util.Optional.empty();
      }
      current = repo.getBranch();
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("Cannot read the repository", e);
    }
    JsonObject input =
        JSON.createObjectBuilder()
            .add("remote", "origin")
            .add("branch", branch)
            .add("push", push)
            .build();
    return tx.inTenant(
        tenantId,
        em -> {
          if (!lockProject(em, projectId)) {
            return java.util.Optional.empty();
          }
          boolean behind = tasks.active(em, projectId, ChangeBranches.BUSY);
          if (!behind && !branch.equals(current)) {
            return java.util.Optional.empty();
          }
          alsoInTx.accept(em);
          java.util.Optional<TaskAccepted> folded =
              behind
                  ? tasks.fold(
                      em,
                      PULL,
                      projectId,
                      input,
                      queued ->
                          queued.containsKey("push")
                              && branch.equals(queued.getString("branch", null)))
                  : java.util.Optional.empty();
          if (folded.isPresent()) {
            return java.util.Optional.of(new PushPull(folded.get(), true));
          }
          TaskAccepted accepted = tasks.submit(em, PULL, projectId, input, userId);
          audit.record(em, "git.pull_started", "project", projectId, "origin " + branch);
          return java.util.Optional.of(new PushPull(accepted, behind));
        });
  }

  private TaskAccepted submit(
      String tenantId,
      String userId,
      String projectId,
      String kind,
      JsonObjectBuilder input,
      String action,
      String detail) {
    return tx.inTenant(
        tenantId,
        em -> {
          if (!lockProject(em, projectId)) {
            throw ApiException.notFound("The project");
          }
          if (tasks.active(em, projectId, ChangeBranches.BUSY)) {
            throw GitProblems.busy();
          }
          TaskAccepted accepted = tasks.submit(em, kind, projectId, input.build(), userId);
          audit.record(em, action, "project", projectId, detail);
          return accepted;
        });
  }

  /**
   * Locks the project's row until the unit of work ends, as every submission of a git task and the
   * task queue's claim of one do, so that they happen one after the other; false without a project.
   */
  private static boolean lockProject(EntityManager em, String projectId) {
    return em.find(Project.class, projectId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        != null;
  }

  /** Deletes the repository of a project being deleted, once its deletion has committed. */
  void deleteAllOf(@Observes @Priority(410) ProjectDeletion.Deleting deletion) {
    Transactions.afterCommit(
        () -> {
          try {
            repos.delete(deletion.tenantId(), deletion.projectId());
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot delete the repository of " + deletion.projectId(), e);
          }
        });
  }

  static Instant now() {
    return Instant.now();
  }
}
