package dev.atelier.core.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ChangeBranchesTest {

  @Test
  void theRepositoryIsThePathOfOriginsUrl() {
    assertEquals("octo/site", ChangeBranches.path("https://github.com/octo/site.git"));
    assertEquals("octo/site", ChangeBranches.path("https://github.com/octo/site"));
    assertEquals("grp/sub/app", ChangeBranches.path("https://gitlab.example.com/grp/sub/app.git"));
    assertEquals("ws/repo", ChangeBranches.path("https://bitbucket.org//ws/repo.git"));
    assertNull(ChangeBranches.path("https://github.com/"));
    assertNull(ChangeBranches.path("not a url"));
  }
}
