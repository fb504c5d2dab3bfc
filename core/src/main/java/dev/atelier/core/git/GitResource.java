package dev.atelier.core.git;

import dev.atelier.core.security.Caller;
import dev.atelier.core.tasks.TaskAccepted;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Git in the projects of the current workspace. */
@Path("api/v1/git")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Git",
    description =
        "Git repositories in projects: the project's files are the work tree; clone, push and pull"
            + " are background tasks")
public class GitResource {

  private static final int MAX_PATHS = 1000;

  @Inject Caller caller;
  @Inject ProjectGit git;
  @Inject GitRepos repos;
  @Inject GitWebhooks webhooks;

  private static Check branch(Check check, String field, String branch) {
    return check.that(
        branch == null || GitRepos.validBranch(branch), field, "is not a valid branch name");
  }

  private static Response accepted202(TaskAccepted a) {
    return Response.accepted(a).location(URI.create("/api/v1/tasks/" + a.taskId())).build();
  }

  @POST
  @Path("init")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "initRepository",
      summary = "Make a project's files a git repository on a first branch (main by default)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The repository's status"),
      content = @Content(schema = @Schema(implementation = StatusView.class)))
  @APIResponse(
      responseCode = "409",
      description = "repository_exists: the project's files are already a repository")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Response init(InitRepository body) {
    Check check = Check.body(body).required("project_id", body.projectId());
    branch(check, "default_branch", body.defaultBranch()).done();
    String branch = body.defaultBranch() == null ? "main" : body.defaultBranch();
    StatusView s = git.init(caller.tenantId(), body.projectId(), branch);
    return Response.created(URI.create("/api/v1/git/status/" + body.projectId())).entity(s).build();
  }

  @POST
  @Path("clone")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "cloneRepository",
      summary = "Clone a repository into a project without files, as a background task",
      description =
          "The URL must be http or https, without credentials, and reach no private or loopback"
              + " address (unless the operator allows them). Naming a secret, whose token the"
              + " remote then keeps for push and pull, takes an admin.")
  @APIResponse(
      responseCode = "202",
      description = "Queued; follow the task at Location",
      headers = @Header(name = "Location", description = "The task's URL"),
      content = @Content(schema = @Schema(implementation = TaskAccepted.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "repository_exists, files_not_empty or git_task_in_progress: the project cannot take a"
              + " clone now; git_not_connected: the caller has no connection to the provider")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Response clone(CloneRepository body) {
    Check check =
        Check.body(body)
            .required("project_id", body.projectId())
            .text("url", body.url(), 2000)
            .optionalText("secret", body.secret(), 128)
            .optionalText("username", body.username(), 200)
            .optionalText("provider", body.provider(), 32)
            .that(
                body.provider() == null || body.secret() == null,
                "provider",
                "cannot go with secret");
    branch(check, "branch", body.branch()).done();
    repos.checkUrl("url", body.url());
    if (body.secret() != null && caller.principal().role() != Role.ADMIN) {
      throw ProblemException.forbidden("Naming a secret for a remote takes an admin.");
    }
    return accepted202(git.clone(caller.tenantId(), caller.userId(), body));
  }

  @GET
  @Path("status/{project_id}")
  @Operation(
      operationId = "getGitStatus",
      summary = "The state of a project's files against their current commit")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public StatusView status(@PathParam("project_id") String projectId) {
    return git.status(caller.tenantId(), projectId);
  }

  @POST
  @Path("commit")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "createCommit",
      summary = "Commit the changes of a project's files (or of some paths); the caller is author")
  @APIResponse(
      responseCode = "201",
      description = "Committed",
      headers = @Header(name = "Location", description = "The log of the repository"),
      content = @Content(schema = @Schema(implementation = CommitView.class)))
  @APIResponse(responseCode = "409", description = "nothing_to_commit: no change to commit")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public Response commit(CreateCommit body) {
    Check check =
        Check.body(body)
            .required("project_id", body.projectId())
            .text("message", body.message(), 10_000);
    check.that(
        body.paths() == null || body.paths().size() <= MAX_PATHS,
        "paths",
        "must list at most " + MAX_PATHS + " paths");
    check.done();
    CommitView c =
        git.commit(
            caller.tenantId(), body.projectId(), caller.userId(), body.message(), body.paths());
    return Response.created(URI.create("/api/v1/git/log/" + body.projectId())).entity(c).build();
  }

  @GET
  @Path("log/{project_id}")
  @Operation(
      operationId = "listCommits",
      summary = "The commits of a project's current branch, newest first")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public Page<CommitView> log(
      @PathParam("project_id") String projectId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return git.log(caller.tenantId(), projectId, PageRequest.of(limit, offset));
  }

  @GET
  @Path("branches/{project_id}")
  @Operation(operationId = "listBranches", summary = "The local branches of a project, by name")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public BranchList branches(@PathParam("project_id") String projectId) {
    return git.branches(caller.tenantId(), projectId);
  }

  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "checkoutBranch",
      summary = "Switch a project's files to a branch, or create one from the current commit")
  @APIResponse(
      responseCode = "409",
      description =
          "checkout_conflict, branch_exists or no_commits: uncommitted changes would be lost,"
              + " the branch exists, or there is no commit to branch from")
  @APIResponse(
      responseCode = "404",
      description = "not_found, repository_not_found or branch_not_found")
  public StatusView checkout(CheckoutBranch body) {
    Check check = Check.body(body).required("project_id", body.projectId());
    check.required("branch", body.branch());
    branch(check, "branch", body.branch()).done();
    return git.checkout(
        caller.tenantId(), body.projectId(), body.branch(), Boolean.TRUE.equals(body.create()));
  }

  @POST
  @Path("push")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "pushBranch",
      summary = "Push a branch (the current one by default) to a remote, as a background task")
  @APIResponse(
      responseCode = "202",
      description = "Queued; follow the task at Location",
      headers = @Header(name = "Location", description = "The task's URL"),
      content = @Content(schema = @Schema(implementation = TaskAccepted.class)))
  @APIResponse(
      responseCode = "409",
      description = "git_task_in_progress: a clone, push or pull of the project is running")
  @APIResponse(
      responseCode = "404",
      description = "not_found, repository_not_found, remote_not_found or branch_not_found")
  public Response push(SyncBranch body) {
    sync(body);
    return accepted202(git.push(caller.tenantId(), caller.userId(), body));
  }

  @POST
  @Path("pull")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "pullBranch",
      summary = "Pull the current branch from a remote, as a background task; a conflict undoes it")
  @APIResponse(
      responseCode = "202",
      description = "Queued; follow the task at Location",
      headers = @Header(name = "Location", description = "The task's URL"),
      content = @Content(schema = @Schema(implementation = TaskAccepted.class)))
  @APIResponse(
      responseCode = "409",
      description = "git_task_in_progress: a clone, push or pull of the project is running")
  @APIResponse(
      responseCode = "404",
      description = "not_found, repository_not_found or remote_not_found")
  public Response pull(SyncBranch body) {
    sync(body);
    return accepted202(git.pull(caller.tenantId(), caller.userId(), body));
  }

  private static void sync(SyncBranch body) {
    Check check = Check.body(body).required("project_id", body.projectId());
    check.that(
        body.remote() == null || GitRepos.validRemoteName(body.remote()),
        "remote",
        "is not a valid remote name");
    branch(check, "branch", body.branch()).done();
  }

  @GET
  @Path("remotes/{project_id}")
  @Operation(operationId = "listRemotes", summary = "The remotes of a project's repository")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public RemoteList remotes(@PathParam("project_id") String projectId) {
    return git.remotes(caller.tenantId(), projectId);
  }

  @PUT
  @Path("remotes/{project_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "replaceRemotes",
      summary = "Set the remotes of a project's repository; those not listed are removed",
      description =
          "Each URL passes the same checks as a clone's; a secret names the project secret that"
              + " holds the remote's access token.")
  @APIResponse(
      responseCode = "404",
      description =
          "not_found or repository_not_found: no such project, or its files are not a repository")
  public RemoteList putRemotes(@PathParam("project_id") String projectId, PutRemotes body) {
    Check check = Check.body(body).required("items", body.items());
    List<RemoteView> items = body.items() == null ? List.of() : body.items();
    check.that(items.size() <= 20, "items", "must list at most 20 remotes");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      RemoteView r = items.get(i);
      String f = "items[" + i + "]";
      if (r == null) {
        check.that(false, f, "must be a remote");
        continue;
      }
      check.that(GitRepos.validRemoteName(r.name()), f + ".name", "is not a valid remote name");
      check.that(names.add(String.valueOf(r.name())), f + ".name", "is listed twice");
      check.text(f + ".url", r.url(), 2000);
      check.optionalText(f + ".secret", r.secret(), 128);
      check.optionalText(f + ".username", r.username(), 200);
    }
    check.done();
    for (int i = 0; i < items.size(); i++) {
      repos.checkUrl("items[" + i + "].url", items.get(i).url());
    }
    return git.putRemotes(caller.tenantId(), projectId, items);
  }

  @PUT
  @Path("webhooks/{project_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "linkGitWebhook",
      summary = "Link a project to a repository at a git host, whose pushes pull the project",
      description =
          "Replaces the project's link. The answer holds the payload URL and a fresh secret to"
              + " configure at the host (content type application/json); the secret is shown"
              + " only here. A push to the linked branch (the project's current branch when none"
              + " is named) starts a pull from origin.")
  @APIResponse(
      responseCode = "200",
      description = "Linked",
      content = @Content(schema = @Schema(implementation = WebhookView.class)))
  @APIResponse(
      responseCode = "404",
      description = "not_found: no such project, or no such git provider for the workspace")
  public WebhookView linkWebhook(@PathParam("project_id") String projectId, LinkWebhook body) {
    Check check =
        Check.body(body)
            .text("provider", body.provider(), 32)
            .text("repository", body.repository(), 200)
            .that(
                body.repository() == null || body.repository().matches("[^/\\s]+(/[^/\\s]+)+"),
                "repository",
                "must be owner/name");
    branch(check, "branch", body.branch()).done();
    return webhooks.link(caller.tenantId(), caller.userId(), projectId, body);
  }

  @GET
  @Path("webhooks/{project_id}")
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "getGitWebhook", summary = "A project's push webhook link (no secret)")
  @APIResponse(responseCode = "404", description = "not_found: no such project or link")
  public WebhookView getWebhook(@PathParam("project_id") String projectId) {
    return webhooks.get(caller.tenantId(), projectId);
  }

  @DELETE
  @Path("webhooks/{project_id}")
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "unlinkGitWebhook", summary = "Remove a project's push webhook link")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "404", description = "not_found: no such project or link")
  public Response unlinkWebhook(@PathParam("project_id") String projectId) {
    webhooks.unlink(caller.tenantId(), projectId);
    return Response.noContent().build();
  }
}
