package dev.atelier.plugins.kanban;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.AtelierTest;
import dev.atelier.testkit.Concurrently;
import dev.atelier.testkit.Features;
import dev.atelier.testkit.Plugins;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The kanban plugin on a running server, over HTTP: every route's happy path and JSON shape, bad
 * input, roles, tenant isolation, the per-tenant feature switch and project deletion.
 */
@AtelierTest
class KanbanIT {

  private static final String KANBAN = "/api/v1/kanban/";

  private static JsonNode created(Api.Res res) {
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static JsonNode ok(Api.Res res) {
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  private static void noContent(Api.Res res) {
    assertEquals(204, res.status(), res.toString());
    assertTrue(res.text() == null || res.text().isEmpty(), res.toString());
  }

  /** A new project of the session's workspace; its JSON ({@code id}, {@code slug}...). */
  private static JsonNode project(Session s, String name) {
    return created(s.api().post("/api/v1/projects", Map.of("name", name)));
  }

  private static String column(Session s, String project, String name) {
    return created(s.api().post(KANBAN + project + "/columns", Map.of("name", name)))
        .path("id")
        .asText();
  }

  private static String task(Session s, String project, String column, String title) {
    return created(
            s.api().post(KANBAN + project + "/tasks", Map.of("column_id", column, "title", title)))
        .path("id")
        .asText();
  }

  private static List<String> texts(JsonNode items, String field) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(field).asText()));
    return out;
  }

  private static List<String> titlesIn(Session s, String project, String column) {
    return texts(
        ok(s.api().get(KANBAN + project + "/tasks?limit=500&column_id=" + column)).path("items"),
        "title");
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void thePluginIsStarted() {
    Plugins.assertStarted("kanban");
  }

  @Test
  void theBoardStartsEmptyThenShowsColumnsAndTasksInOrder() {
    Session s = Accounts.newUser("kanban-board");
    JsonNode p = project(s, "Board");
    String id = p.path("id").asText();

    JsonNode empty = ok(s.api().get(KANBAN + id));
    assertEquals(id, empty.path("project_id").asText(), empty.toString());
    assertTrue(empty.path("columns").isArray(), empty.toString());
    assertEquals(0, empty.path("columns").size());
    assertEquals(empty, ok(s.api().get(KANBAN + p.path("slug").asText())), "by slug too");

    String todo = column(s, id, "To do");
    JsonNode doing =
        created(s.api().post(KANBAN + id + "/columns", Map.of("name", "Doing", "wip_limit", 2)));
    assertEquals("Doing", doing.path("name").asText());
    assertEquals(1, doing.path("position").asInt());
    assertEquals(2, doing.path("wip_limit").asInt());
    assertEquals(0, doing.path("task_count").asInt());
    assertEquals(id, doing.path("project_id").asText());
    Instant.parse(doing.path("created_at").asText());
    String backlog =
        created(s.api().post(KANBAN + id + "/columns", Map.of("name", "Backlog", "position", 0)))
            .path("id")
            .asText();
    String t1 = task(s, id, todo, "First");
    task(s, id, todo, "Second");

    JsonNode board = ok(s.api().get(KANBAN + id));
    JsonNode columns = board.path("columns");
    assertEquals(
        List.of(backlog, todo, doing.path("id").asText()), texts(columns, "id"), board.toString());
    assertEquals(List.of("0", "1", "2"), texts(columns, "position"));
    assertTrue(columns.get(0).path("wip_limit").isNull(), board.toString());
    JsonNode todoColumn = columns.get(1);
    assertEquals("To do", todoColumn.path("name").asText());
    assertEquals(2, todoColumn.path("task_count").asInt());
    assertEquals(List.of("First", "Second"), texts(todoColumn.path("tasks"), "title"));
    JsonNode first = todoColumn.path("tasks").get(0);
    assertEquals(t1, first.path("id").asText());
    assertEquals(todo, first.path("column_id").asText());
    assertEquals(0, first.path("position").asInt());
    assertEquals("medium", first.path("priority").asText());
    assertEquals(s.userId(), first.path("created_by").asText());
  }

  @Test
  void columnsAreRenamedLimitedReorderedAndDeleted() {
    Session s = Accounts.newUser("kanban-columns");
    String p = project(s, "Columns").path("id").asText();
    String a = column(s, p, "A");
    String b = column(s, p, "B");
    String c = column(s, p, "C");

    JsonNode renamed =
        ok(s.api().patch(KANBAN + p + "/columns/" + a, Map.of("name", " Alpha ", "wip_limit", 5)));
    assertEquals("Alpha", renamed.path("name").asText());
    assertEquals(5, renamed.path("wip_limit").asInt());
    JsonNode unlimited = ok(s.api().patch(KANBAN + p + "/columns/" + a, Map.of("wip_limit", 0)));
    assertTrue(unlimited.path("wip_limit").isNull(), unlimited.toString());
    assertEquals("Alpha", unlimited.path("name").asText());

    JsonNode reordered =
        ok(s.api().put(KANBAN + p + "/columns/order", Map.of("column_ids", List.of(c, a, b))));
    assertEquals(List.of(c, a, b), texts(reordered.path("columns"), "id"));
    assertEquals(List.of(c, a, b), texts(ok(s.api().get(KANBAN + p)).path("columns"), "id"));
    assertInvalid(
        s.api().put(KANBAN + p + "/columns/order", Map.of("column_ids", List.of(c, a))),
        "column_ids");
    assertInvalid(
        s.api().put(KANBAN + p + "/columns/order", Map.of("column_ids", List.of(c, a, b, b))),
        "column_ids");

    String t = task(s, p, a, "Lives in A");
    assertProblem(s.api().delete(KANBAN + p + "/columns/" + a), 409, "column_not_empty");
    assertInvalid(
        s.api().delete(KANBAN + p + "/columns/" + a + "?move_tasks_to=" + a), "move_tasks_to");
    noContent(s.api().delete(KANBAN + p + "/columns/" + a + "?move_tasks_to=" + b));
    assertEquals(b, ok(s.api().get(KANBAN + p + "/tasks/" + t)).path("column_id").asText());
    noContent(s.api().delete(KANBAN + p + "/columns/" + c));
    JsonNode board = ok(s.api().get(KANBAN + p));
    assertEquals(List.of(b), texts(board.path("columns"), "id"));
    assertEquals(0, board.path("columns").get(0).path("position").asInt());
    assertProblem(s.api().delete(KANBAN + p + "/columns/" + c), 404, "not_found");
  }

  @Test
  void tasksAreCreatedReadChangedListedMovedAndDeleted() {
    Session s = Accounts.newUser("kanban-tasks");
    String p = project(s, "Tasks").path("id").asText();
    String todo = column(s, p, "Todo");
    String done = column(s, p, "Done");

    JsonNode t =
        created(
            s.api()
                .post(
                    KANBAN + p + "/tasks",
                    Map.of(
                        "column_id", todo,
                        "title", "Write the docs",
                        "description", "All of them\nnow",
                        "assignee_id", s.userId(),
                        "due_date", "2031-02-28",
                        "priority", "high")));
    String id = t.path("id").asText();
    assertEquals(p, t.path("project_id").asText());
    assertEquals(todo, t.path("column_id").asText());
    assertEquals("Write the docs", t.path("title").asText());
    assertEquals("All of them\nnow", t.path("description").asText());
    assertEquals(s.userId(), t.path("assignee_id").asText());
    assertEquals("2031-02-28", t.path("due_date").asText());
    assertEquals("high", t.path("priority").asText());
    assertEquals(0, t.path("position").asInt());
    assertEquals(
        Instant.parse(t.path("created_at").asText()), Instant.parse(t.path("updated_at").asText()));
    assertEquals(t, ok(s.api().get(KANBAN + p + "/tasks/" + id)));

    JsonNode patched =
        ok(
            s.api()
                .patch(
                    KANBAN + p + "/tasks/" + id,
                    Map.of("title", "Docs", "assignee_id", "", "due_date", "", "priority", "low")));
    assertEquals("Docs", patched.path("title").asText());
    assertTrue(patched.path("assignee_id").isNull(), patched.toString());
    assertTrue(patched.path("due_date").isNull(), patched.toString());
    assertEquals("low", patched.path("priority").asText());
    assertEquals("All of them\nnow", patched.path("description").asText(), "absent: unchanged");

    String second = task(s, p, todo, "Second");
    String third = task(s, p, todo, "Third login task");
    JsonNode moved =
        ok(
            s.api()
                .post(
                    KANBAN + p + "/tasks/" + second + "/move",
                    Map.of("column_id", done, "position", 0)));
    assertEquals(done, moved.path("column_id").asText());
    assertEquals(0, moved.path("position").asInt());
    assertEquals(List.of("Docs", "Third login task"), titlesIn(s, p, todo));
    ok(
        s.api()
            .post(
                KANBAN + p + "/tasks/" + third + "/move",
                Map.of("column_id", todo, "position", 0)));
    assertEquals(List.of("Third login task", "Docs"), titlesIn(s, p, todo));

    JsonNode all = ok(s.api().get(KANBAN + p + "/tasks"));
    assertEquals(3, all.path("total").asInt());
    assertEquals(50, all.path("limit").asInt());
    assertEquals(0, all.path("offset").asInt());
    assertEquals(List.of(third, second, id), texts(all.path("items"), "id"), "newest first");
    assertEquals(
        List.of(third),
        texts(ok(s.api().get(KANBAN + p + "/tasks?q=" + q("LOGIN"))).path("items"), "id"));
    assertEquals(
        List.of(id),
        texts(ok(s.api().get(KANBAN + p + "/tasks?q=" + q("of them"))).path("items"), "id"));
    assertEquals(
        0, ok(s.api().get(KANBAN + p + "/tasks?assignee_id=" + s.userId())).path("total").asInt());
    JsonNode page = ok(s.api().get(KANBAN + p + "/tasks?limit=1&offset=1"));
    assertEquals(List.of(second), texts(page.path("items"), "id"));
    assertEquals(3, page.path("total").asInt());

    noContent(s.api().delete(KANBAN + p + "/tasks/" + third));
    assertProblem(s.api().get(KANBAN + p + "/tasks/" + third), 404, "not_found");
    assertEquals(List.of("Docs"), titlesIn(s, p, todo));
    assertEquals(
        0,
        ok(s.api().get(KANBAN + p))
            .path("columns")
            .get(0)
            .path("tasks")
            .get(0)
            .path("position")
            .asInt());
  }

  @Test
  void aFullColumnRefusesNewAndMovedTasks() {
    Session s = Accounts.newUser("kanban-wip");
    String p = project(s, "Wip").path("id").asText();
    String doing =
        created(s.api().post(KANBAN + p + "/columns", Map.of("name", "Doing", "wip_limit", 1)))
            .path("id")
            .asText();
    String todo = column(s, p, "Todo");
    task(s, p, doing, "Busy");
    String waiting = task(s, p, todo, "Waiting");

    assertProblem(
        s.api().post(KANBAN + p + "/tasks", Map.of("column_id", doing, "title", "More")),
        409,
        "wip_limit_reached");
    assertProblem(
        s.api().post(KANBAN + p + "/tasks/" + waiting + "/move", Map.of("column_id", doing)),
        409,
        "wip_limit_reached");
    assertEquals(List.of("Busy"), titlesIn(s, p, doing));
    assertEquals(List.of("Waiting"), titlesIn(s, p, todo));
  }

  @Test
  void concurrentMovesIntoALimitedColumnKeepTheLimit() throws Exception {
    Session s = Accounts.newUser("kanban-race");
    String p = project(s, "Race").path("id").asText();
    String doing =
        created(s.api().post(KANBAN + p + "/columns", Map.of("name", "Doing", "wip_limit", 2)))
            .path("id")
            .asText();
    String todo = column(s, p, "Todo");
    List<Callable<Api.Res>> moves = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String t = task(s, p, todo, "t" + i);
      moves.add(
          () ->
              s.api()
                  .post(
                      KANBAN + p + "/tasks/" + t + "/move",
                      Map.of("column_id", doing, "position", 0)));
    }
    int moved = 0;
    for (Api.Res r : Concurrently.run(moves)) {
      if (r.status() == 200) {
        moved++;
      } else {
        assertProblem(r, 409, "wip_limit_reached");
      }
    }
    assertEquals(2, moved);
    JsonNode inDoing = ok(s.api().get(KANBAN + p + "/tasks?column_id=" + doing)).path("items");
    assertEquals(List.of("0", "1"), texts(inDoing, "position"));
    JsonNode inTodo = ok(s.api().get(KANBAN + p + "/tasks?column_id=" + todo)).path("items");
    assertEquals(List.of("0", "1", "2", "3"), texts(inTodo, "position"));
  }

  @Test
  void commentsAreAddedListedAndDeletedByTheirAuthorOrAnAdmin() {
    Session admin = Accounts.newUser("kanban-comments");
    Session op = Accounts.joinAs(admin, Accounts.newUser("kanban-comments-op"), "operator");
    Session op2 = Accounts.joinAs(admin, Accounts.newUser("kanban-comments-op2"), "operator");
    String p = project(admin, "Comments").path("id").asText();
    String t = task(admin, p, column(admin, p, "Todo"), "Discuss");
    String path = KANBAN + p + "/tasks/" + t + "/comments";

    JsonNode first = created(op.api().post(path, Map.of("body", "First!\nSecond line")));
    assertEquals(op.userId(), first.path("author_id").asText());
    assertEquals(t, first.path("task_id").asText());
    assertEquals("First!\nSecond line", first.path("body").asText());
    Instant.parse(first.path("created_at").asText());
    JsonNode second = created(op.api().post(path, Map.of("body", "Second")));
    JsonNode list = ok(admin.api().get(path));
    assertEquals(2, list.path("total").asInt());
    assertEquals(
        List.of(first.path("id").asText(), second.path("id").asText()),
        texts(list.path("items"), "id"),
        "oldest first");
    assertEquals(1, ok(admin.api().get(path + "?limit=1")).path("items").size());

    assertProblem(op2.api().delete(path + "/" + first.path("id").asText()), 403, "forbidden");
    noContent(op.api().delete(path + "/" + first.path("id").asText()));
    noContent(admin.api().delete(path + "/" + second.path("id").asText()));
    assertProblem(admin.api().delete(path + "/" + second.path("id").asText()), 404, "not_found");
    assertEquals(0, ok(admin.api().get(path)).path("total").asInt());

    // a task's comments go with it
    created(op.api().post(path, Map.of("body", "Last words")));
    noContent(admin.api().delete(KANBAN + p + "/tasks/" + t));
    assertProblem(admin.api().get(path), 404, "not_found");
  }

  @Test
  void badInputIsRefused() {
    Session s = Accounts.newUser("kanban-bad");
    String p = project(s, "Bad").path("id").asText();
    String c = column(s, p, "Todo");
    String t = task(s, p, c, "T");
    String outsider = Accounts.newUser("kanban-bad-outsider").userId();

    assertInvalid(s.api().post(KANBAN + p + "/columns", Map.of("name", "")), "name");
    assertInvalid(s.api().post(KANBAN + p + "/columns", Map.of("name", "n".repeat(101))), "name");
    assertInvalid(s.api().post(KANBAN + p + "/columns", Map.of("name", "a\u0001b")), "name");
    assertInvalid(
        s.api().post(KANBAN + p + "/columns", Map.of("name", "x", "wip_limit", -1, "position", -1)),
        "wip_limit",
        "position");
    // a value of the wrong JSON type is refused, never converted
    assertInvalid(
        s.api().post(KANBAN + p + "/columns", Map.of("name", "x", "wip_limit", "5")), "wip_limit");
    assertInvalid(
        s.api().post(KANBAN + p + "/columns", Map.of("name", "x", "wip_limit", 5.7)), "wip_limit");
    assertInvalid(s.api().post(KANBAN + p + "/columns", Map.of("name", 7)), "name");
    assertInvalid(s.api().patch(KANBAN + p + "/columns/" + c, Map.of("name", " ")), "name");
    assertInvalid(s.api().put(KANBAN + p + "/columns/order", Map.of()), "column_ids");

    assertInvalid(s.api().post(KANBAN + p + "/tasks", Map.of()), "column_id", "title");
    assertInvalid(
        s.api()
            .post(
                KANBAN + p + "/tasks",
                Map.of(
                    "column_id",
                    c,
                    "title",
                    "t".repeat(201),
                    "description",
                    "d".repeat(10_001),
                    "assignee_id",
                    outsider,
                    "due_date",
                    "2031-02-30",
                    "priority",
                    "critical")),
        "title",
        "description",
        "assignee_id",
        "due_date",
        "priority");
    assertInvalid(
        s.api().patch(KANBAN + p + "/tasks/" + t, Map.of("title", "", "due_date", "31.12.2030")),
        "title",
        "due_date");
    assertInvalid(
        s.api().post(KANBAN + p + "/tasks/" + t + "/move", Map.of("position", -1)),
        "column_id",
        "position");
    assertInvalid(s.api().get(KANBAN + p + "/tasks?limit=0"), "limit");
    assertInvalid(s.api().get(KANBAN + p + "/tasks?offset=-1"), "offset");
    assertInvalid(
        s.api().post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", " ")), "body");
    assertInvalid(
        s.api().post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", "b".repeat(10_001))),
        "body");

    for (String path :
        List.of(
            KANBAN + p + "/columns",
            KANBAN + p + "/tasks",
            KANBAN + p + "/tasks/" + t + "/move",
            KANBAN + p + "/tasks/" + t + "/comments")) {
      assertProblem(s.api().post(path, "{\"name\":"), 400, "malformed_json");
    }
    assertProblem(s.api().patch(KANBAN + p + "/tasks/" + t, "{\"title\""), 400, "malformed_json");
    // a value of the wrong JSON type names its field (it was a 400 malformed_json)
    assertInvalid(
        s.api().post(KANBAN + p + "/columns", "{\"name\": \"x\", \"wip_limit\": \"lots\"}"),
        "wip_limit");
    assertInvalid(
        s.api().post(KANBAN + p + "/tasks/" + t + "/move", "{\"column_id\": {\"a\": 1}}"),
        "column_id");

    String nobody = UUID.randomUUID().toString();
    assertProblem(s.api().get(KANBAN + nobody), 404, "not_found");
    assertProblem(s.api().get(KANBAN + "no-such-project"), 404, "not_found");
    assertProblem(
        s.api().patch(KANBAN + p + "/columns/" + nobody, Map.of("name", "x")), 404, "not_found");
    assertProblem(s.api().delete(KANBAN + p + "/columns/" + nobody), 404, "not_found");
    assertProblem(
        s.api().delete(KANBAN + p + "/columns/" + c + "?move_tasks_to=" + nobody),
        404,
        "not_found");
    assertProblem(
        s.api().post(KANBAN + p + "/tasks", Map.of("column_id", nobody, "title", "x")),
        404,
        "not_found");
    assertProblem(s.api().get(KANBAN + p + "/tasks/" + nobody), 404, "not_found");
    assertProblem(
        s.api().patch(KANBAN + p + "/tasks/" + nobody, Map.of("title", "x")), 404, "not_found");
    assertProblem(s.api().delete(KANBAN + p + "/tasks/" + nobody), 404, "not_found");
    assertProblem(
        s.api().post(KANBAN + p + "/tasks/" + t + "/move", Map.of("column_id", nobody)),
        404,
        "not_found");
    assertProblem(s.api().get(KANBAN + p + "/tasks/" + nobody + "/comments"), 404, "not_found");
    assertProblem(
        s.api().delete(KANBAN + p + "/tasks/" + t + "/comments/" + nobody), 404, "not_found");

    // nothing but the first column and task exist
    JsonNode board = ok(s.api().get(KANBAN + p));
    assertEquals(1, board.path("columns").size(), board.toString());
    assertEquals(List.of("T"), titlesIn(s, p, c));
  }

  @Test
  void viewersReadAndOperatorsWrite() {
    Session admin = Accounts.newUser("kanban-roles");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("kanban-roles-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("kanban-roles-op"), "operator");
    String p = project(admin, "Roles").path("id").asText();
    String c = column(admin, p, "Todo");
    String t = task(admin, p, c, "T");
    String comment =
        created(admin.api().post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", "hi")))
            .path("id")
            .asText();

    for (String read :
        List.of(
            KANBAN + p,
            KANBAN + p + "/tasks",
            KANBAN + p + "/tasks/" + t,
            KANBAN + p + "/tasks/" + t + "/comments")) {
      ok(viewer.api().get(read));
    }
    Api v = viewer.api();
    assertProblem(v.post(KANBAN + p + "/columns", Map.of("name", "x")), 403, "forbidden");
    assertProblem(v.patch(KANBAN + p + "/columns/" + c, Map.of("name", "x")), 403, "forbidden");
    assertProblem(
        v.put(KANBAN + p + "/columns/order", Map.of("column_ids", List.of(c))), 403, "forbidden");
    assertProblem(v.delete(KANBAN + p + "/columns/" + c), 403, "forbidden");
    assertProblem(
        v.post(KANBAN + p + "/tasks", Map.of("column_id", c, "title", "x")), 403, "forbidden");
    assertProblem(v.patch(KANBAN + p + "/tasks/" + t, Map.of("title", "x")), 403, "forbidden");
    assertProblem(
        v.post(KANBAN + p + "/tasks/" + t + "/move", Map.of("column_id", c)), 403, "forbidden");
    assertProblem(v.delete(KANBAN + p + "/tasks/" + t), 403, "forbidden");
    assertProblem(
        v.post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", "x")), 403, "forbidden");
    assertProblem(v.delete(KANBAN + p + "/tasks/" + t + "/comments/" + comment), 403, "forbidden");
    assertProblem(v.post(KANBAN + p + "/columns", "{not json"), 403, "forbidden");

    Api viewerKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "viewer"));
    ok(viewerKey.get(KANBAN + p));
    assertProblem(viewerKey.post(KANBAN + p + "/columns", Map.of("name", "x")), 403, "forbidden");

    String mine = column(operator, p, "Operated");
    JsonNode byOperator =
        created(
            operator.api().post(KANBAN + p + "/tasks", Map.of("column_id", mine, "title", "Op")));
    assertEquals(operator.userId(), byOperator.path("created_by").asText());
    ok(operator.api().patch(KANBAN + p + "/tasks/" + t, Map.of("assignee_id", viewer.userId())));
    ok(operator.api().post(KANBAN + p + "/tasks/" + t + "/move", Map.of("column_id", mine)));
    noContent(operator.api().delete(KANBAN + p + "/tasks/" + t));
    noContent(operator.api().delete(KANBAN + p + "/columns/" + c));
    Api operatorKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "operator"));
    JsonNode byKey = created(operatorKey.post(KANBAN + p + "/columns", Map.of("name", "Keyed")));
    assertEquals("Keyed", byKey.path("name").asText());

    Api anon = Api.anonymous();
    assertProblem(anon.get(KANBAN + p), 401, "unauthorized");
    assertProblem(anon.post(KANBAN + p + "/columns", Map.of("name", "x")), 401, "unauthorized");
  }

  @Test
  void anotherTenantsBoardsColumnsTasksAndCommentsAreNotFound() {
    Session alice = Accounts.newUser("kanban-iso-alice");
    Session bob = Accounts.newUser("kanban-iso-bob");
    JsonNode ap = project(alice, "Private board");
    String p = ap.path("id").asText();
    String slug = ap.path("slug").asText();
    String c = column(alice, p, "Secret column");
    String t = task(alice, p, c, "Secret task");
    String comment =
        created(alice.api().post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", "psst")))
            .path("id")
            .asText();

    Api b = bob.api();
    for (String ref : List.of(p, slug)) {
      assertProblem(b.get(KANBAN + ref), 404, "not_found");
      assertProblem(b.get(KANBAN + ref + "/tasks"), 404, "not_found");
      assertProblem(b.post(KANBAN + ref + "/columns", Map.of("name", "x")), 404, "not_found");
      assertProblem(
          b.put(KANBAN + ref + "/columns/order", Map.of("column_ids", List.of(c))),
          404,
          "not_found");
      assertProblem(b.get(KANBAN + ref + "/tasks/" + t), 404, "not_found");
      assertProblem(b.get(KANBAN + ref + "/tasks/" + t + "/comments"), 404, "not_found");
    }

    // Bob's own project, addressed with Alice's column, task and comment ids
    String bp = project(bob, "Bob's board").path("id").asText();
    String bc = column(bob, bp, "Bob's column");
    String bt = task(bob, bp, bc, "Bob's task");
    assertProblem(b.patch(KANBAN + bp + "/columns/" + c, Map.of("name", "x")), 404, "not_found");
    assertProblem(b.delete(KANBAN + bp + "/columns/" + c), 404, "not_found");
    assertProblem(
        b.delete(KANBAN + bp + "/columns/" + bc + "?move_tasks_to=" + c), 404, "not_found");
    assertProblem(
        b.post(KANBAN + bp + "/tasks", Map.of("column_id", c, "title", "x")), 404, "not_found");
    assertProblem(b.get(KANBAN + bp + "/tasks/" + t), 404, "not_found");
    assertProblem(b.patch(KANBAN + bp + "/tasks/" + t, Map.of("title", "x")), 404, "not_found");
    assertProblem(b.delete(KANBAN + bp + "/tasks/" + t), 404, "not_found");
    assertProblem(
        b.post(KANBAN + bp + "/tasks/" + t + "/move", Map.of("column_id", bc)), 404, "not_found");
    assertProblem(
        b.post(KANBAN + bp + "/tasks/" + bt + "/move", Map.of("column_id", c)), 404, "not_found");
    assertProblem(b.get(KANBAN + bp + "/tasks/" + t + "/comments"), 404, "not_found");
    assertProblem(
        b.post(KANBAN + bp + "/tasks/" + t + "/comments", Map.of("body", "x")), 404, "not_found");
    assertProblem(
        b.delete(KANBAN + bp + "/tasks/" + bt + "/comments/" + comment), 404, "not_found");
    assertInvalid(
        b.put(KANBAN + bp + "/columns/order", Map.of("column_ids", List.of(bc, c))), "column_ids");
    assertInvalid(
        b.post(
            KANBAN + bp + "/tasks",
            Map.of("column_id", bc, "title", "x", "assignee_id", alice.userId())),
        "assignee_id");
    JsonNode filtered = ok(b.get(KANBAN + bp + "/tasks?column_id=" + c));
    assertEquals(0, filtered.path("total").asInt(), filtered.toString());
    JsonNode search = ok(b.get(KANBAN + bp + "/tasks?q=" + q("Secret")));
    assertEquals(0, search.path("total").asInt(), search.toString());

    // Alice's board is untouched
    JsonNode board = ok(alice.api().get(KANBAN + p));
    assertEquals("Secret column", board.path("columns").get(0).path("name").asText());
    assertEquals(List.of("Secret task"), titlesIn(alice, p, c));
    assertEquals(
        1, ok(alice.api().get(KANBAN + p + "/tasks/" + t + "/comments")).path("total").asInt());
    assertFalse(ok(b.get(KANBAN + bp)).toString().contains(c));
  }

  @Test
  void aTenantThatSwitchesKanbanOffLosesItsRoutesUntilItSwitchesBack() {
    Session off = Accounts.newUser("kanban-off");
    Session on = Accounts.newUser("kanban-on");
    String p = project(off, "Paused").path("id").asText();
    String c = column(off, p, "Todo");
    String t = task(off, p, c, "Kept");
    String other = project(on, "Running").path("id").asText();

    Features.setForTenant(off, "kanban", false);
    try {
      Api a = off.api();
      assertProblem(a.get(KANBAN + p), 403, "feature_disabled");
      assertProblem(a.get(KANBAN + p + "/tasks"), 403, "feature_disabled");
      assertProblem(a.get(KANBAN + p + "/tasks/" + t), 403, "feature_disabled");
      assertProblem(a.post(KANBAN + p + "/columns", Map.of("name", "x")), 403, "feature_disabled");
      assertProblem(
          a.post(KANBAN + p + "/tasks", Map.of("column_id", c, "title", "x")),
          403,
          "feature_disabled");
      assertProblem(a.delete(KANBAN + p + "/tasks/" + t), 403, "feature_disabled");
      assertProblem(a.get(KANBAN + p + "/tasks/" + t + "/comments"), 403, "feature_disabled");
      // also for an id that does not exist: the switch answers first
      assertProblem(a.get(KANBAN + UUID.randomUUID()), 403, "feature_disabled");

      // another tenant keeps working
      String oc = column(on, other, "Still here");
      task(on, other, oc, "Working");
      assertEquals(1, ok(on.api().get(KANBAN + other)).path("columns").size());
    } finally {
      Features.setForTenant(off, "kanban", true);
    }
    JsonNode board = ok(off.api().get(KANBAN + p));
    assertEquals(List.of(c), texts(board.path("columns"), "id"), "the data survived");
    assertEquals("Kept", ok(off.api().get(KANBAN + p + "/tasks/" + t)).path("title").asText());
    task(off, p, c, "After");
  }

  @Test
  void aDeletedProjectTakesItsBoardAlong() throws Exception {
    Session s = Accounts.newUser("kanban-delete");
    JsonNode doomed = project(s, "Doomed");
    String p = doomed.path("id").asText();
    String slug = doomed.path("slug").asText();
    String c = column(s, p, "Todo");
    String t = task(s, p, c, "Goes too");
    created(s.api().post(KANBAN + p + "/tasks/" + t + "/comments", Map.of("body", "bye")));
    String kept = project(s, "Kept").path("id").asText();
    String kc = column(s, kept, "Kept column");
    task(s, kept, kc, "Kept task");

    Optional<String> jdbc = AtelierServer.pgJdbcUrl();
    if (jdbc.isPresent()) {
      assertTrue(rowsOfProject(jdbc.get(), p) > 0, "the test finds the board's rows");
    }

    noContent(s.api().delete("/api/v1/projects/" + p));
    assertProblem(s.api().get(KANBAN + p), 404, "not_found");
    assertProblem(s.api().get(KANBAN + p + "/tasks/" + t), 404, "not_found");
    assertProblem(s.api().post(KANBAN + p + "/columns", Map.of("name", "x")), 404, "not_found");

    // a new project with the old slug starts with an empty board, and nothing else changed
    String again =
        created(s.api().post("/api/v1/projects", Map.of("name", "Doomed again", "slug", slug)))
            .path("id")
            .asText();
    assertEquals(0, ok(s.api().get(KANBAN + slug)).path("columns").size());
    assertEquals(0, ok(s.api().get(KANBAN + again + "/tasks")).path("total").asInt());
    assertProblem(
        s.api().post(KANBAN + again + "/tasks/" + t + "/move", Map.of("column_id", c)),
        404,
        "not_found");
    assertEquals(List.of("Kept task"), titlesIn(s, kept, kc));

    // The rows themselves are not visible over HTTP; on PostgreSQL the test looks at the table.
    assumeTrue(jdbc.isPresent(), "the rows are checked on PostgreSQL only");
    long deadline = System.nanoTime() + 10_000_000_000L;
    long left;
    do {
      Thread.sleep(200);
      left = rowsOfProject(jdbc.get(), p);
    } while (left > 0 && System.nanoTime() < deadline);
    assertEquals(0, left, "kanban rows of the deleted project " + p);
    assertTrue(rowsOfProject(jdbc.get(), kept) > 0, "the other project's rows stay");
  }

  /** The kanban columns and tasks of {@code projectId} in the shared server's database. */
  private static long rowsOfProject(String jdbc, String projectId) throws SQLException {
    String user = System.getProperty("atelier.test.pg.user", "postgres");
    try (Connection c = DriverManager.getConnection(jdbc, user, "");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM kanban_columns WHERE project_id = ?)"
                    + " + (SELECT COUNT(*) FROM kanban_tasks WHERE project_id = ?)")) {
      st.setString(1, projectId);
      st.setString(2, projectId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
