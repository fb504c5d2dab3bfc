package dev.atelier.core.chat;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.EventSink;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.RateLimitGroup;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Chats of the current workspace: stream a turn, read and delete the history, cancel a turn. */
@Path("api/v1/chat")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Chat",
    description =
        "Conversations with an agent about a project; each turn is a run. Turns stream as"
            + " server-sent events from POST /api/v1/chat/stream, or over the WebSocket"
            + " /api/v1/chat/ws/{chat_id} (not an HTTP operation, so not listed here): the same"
            + " events as {\"type\", \"id\", \"data\"} text frames, many turns per socket,"
            + " credentials in the Authorization header or the access_token query parameter."
            + " See docs/runs-and-chat.md.")
public class ChatResource {

  @Inject Caller caller;
  @Inject Agents agents;
  @Inject ChatTurns turns;
  @Inject Chats chats;
  @Inject Projects projects;

  @POST
  @Path("stream")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RequiresRole(Role.OPERATOR)
  @RateLimitGroup("runs")
  @Operation(
      operationId = "streamChat",
      summary =
          "Send a message to an agent about a project and stream the answer as server-sent"
              + " events: chat.started, message.delta, tool.call, tool.result,"
              + " approval.required, message.done, error")
  @APIResponse(
      responseCode = "409",
      description = "The chat is answering another turn (turn_in_progress)")
  @APIResponse(
      responseCode = "402",
      description =
          "insufficient_credits: the workspace has no credits left and its plan allows no"
              + " overage; plan_limit_reached: it started as many runs today as its plan allows")
  public void stream(ChatTurn body, @Context SseEventSink sink, @Context Sse sse) {
    Check.body(body)
        .text("project_id", body.projectId(), 64)
        .text("message", body.message(), Runs.MESSAGE_MAX)
        .optionalText("agent", body.agent(), 64)
        .optionalText("chat_id", body.chatId(), 36)
        .done();
    String tenantId = caller.tenantId();
    Project project =
        projects
            .find(tenantId, body.projectId())
            .orElseThrow(
                () ->
                    ProblemException.validation("project_id", "no such project in the workspace"));
    Run run;
    String chatId;
    if (body.chatId() == null) {
      turns.admit(tenantId); // before the chat is made: a refused turn leaves nothing behind
      Chat chat = newChat(tenantId, project, body);
      run = turns.start(tenantId, caller.userId(), chat, body.message());
      chatId = chat.id();
    } else {
      run = turns.next(tenantId, caller.userId(), body.chatId(), project.id(), body.message());
      chatId = body.chatId();
    }
    turns.follow(tenantId, chatId, run.id(), 0, EventSink.sse(sink, sse));
  }

  private Chat newChat(String tenantId, Project project, ChatTurn body) {
    if (body.agent() == null) {
      throw ProblemException.validation("agent", "is required to start a chat");
    }
    if (agents.find(tenantId, body.agent()).isEmpty()) {
      throw ProblemException.validation("agent", "no agent with this name in the workspace");
    }
    return chats.start(tenantId, caller.userId(), project.id(), body.agent(), body.message());
  }

  @GET
  @Path("history/{project_id}")
  @Operation(
      operationId = "getChatHistory",
      summary = "The chats about a project, most recent first")
  public Page<ChatView> history(
      @PathParam("project_id") String projectId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    String tenantId = caller.tenantId();
    Project project =
        projects
            .find(tenantId, projectId)
            .orElseThrow(() -> ProblemException.notFound("The project"));
    return chats.history(tenantId, project.id(), page);
  }

  @GET
  @Path("{chat_id}")
  @Operation(summary = "A chat with its messages, oldest first")
  public ChatWithMessages get(@PathParam("chat_id") String chatId) {
    return chats.get(caller.tenantId(), chatId);
  }

  @DELETE
  @Path("{chat_id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete a chat and its turns")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("chat_id") String chatId) {
    chats.delete(caller.tenantId(), chatId);
    return Response.noContent().build();
  }

  @POST
  @Path("cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Cancel the turn a chat is answering")
  @APIResponse(responseCode = "204", description = "Cancelled")
  @APIResponse(responseCode = "409", description = "chat_idle: the chat is not answering anything")
  public Response cancel(CancelChat body) {
    Check.body(body).text("chat_id", body.chatId(), 36).done();
    if (!turns.cancel(caller.tenantId(), body.chatId())) {
      throw ProblemException.conflict("chat_idle", "The chat is not answering anything.");
    }
    return Response.noContent().build();
  }
}
