package dev.atelier.core.bases;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.plugins.AgentsBinding;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.projects.CreateProject;
import dev.atelier.core.projects.ProjectBases;
import dev.atelier.core.projects.ProjectView;
import dev.atelier.core.projects.Projects;
import dev.atelier.plugin.api.agent.PluginAgents;
import dev.atelier.plugin.api.marketplace.ProjectTemplate;
import dev.atelier.plugin.api.marketplace.ProjectTemplates;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates a project from a base: asks the installed {@link ProjectTemplates} provider for it (which
 * decides whether the workspace may use it), creates the project, writes the base's files through
 * {@link ProjectFiles} (its paths, sizes and limits) and creates the base's agents. An agent whose
 * name the workspace already uses is refused (409 {@code agent_exists}) before anything is made;
 * any later failure deletes what was made (the agents, the project and its files).
 */
@ApplicationScoped
public class ProjectsFromBases implements ProjectBases {

  private static final Logger LOG = Logger.getLogger(ProjectsFromBases.class.getName());

  @Inject Extensions extensions;
  @Inject Projects projects;
  @Inject ProjectFiles files;
  @Inject Agents agents;
  @Inject AgentsBinding agentsBinding;

  @Override
  public ProjectView create(String tenantId, String userId, CreateProject body) {
    String ref = body.base().trim();
    List<Provided<ProjectTemplates>> providers = extensions.all(ProjectTemplates.class);
    if (providers.isEmpty()) {
      throw ProblemException.validation("base", "no project template provider is installed");
    }
    Provided<ProjectTemplates> provider = providers.get(0);
    ProjectTemplate base =
        extensions
            .inSession(provider.pluginId(), tenantId, s -> provider.extension().template(s, ref))
            .orElseThrow(() -> ProblemException.notFound("The base"));
    PluginAgents tenantAgents = agentsBinding.bind(tenantId);
    List<String> names = new ArrayList<>();
    for (String spec : base.agents()) {
      String name = tenantAgents.validate(spec);
      if (names.contains(name) || agents.find(tenantId, name).isPresent()) {
        throw ProblemException.conflict(
            "agent_exists",
            "The base's agent '" + name + "' has the name of an agent of the workspace.");
      }
      names.add(name);
    }
    ProjectView project =
        projects.create(
            tenantId,
            userId,
            new CreateProject(body.name(), body.slug(), body.description(), null));
    List<String> created = new ArrayList<>();
    try {
      for (Map.Entry<String, byte[]> f : base.files().entrySet()) {
        files.write(
            tenantId, project.id(), f.getKey(), new ByteArrayInputStream(f.getValue()), null, null);
      }
      for (String spec : base.agents()) {
        created.add(tenantAgents.create(spec, userId));
      }
    } catch (RuntimeException e) {
      undo(tenantId, project.id(), created, e);
      throw e;
    }
    try {
      extensions.inSession(
          provider.pluginId(),
          tenantId,
          s -> {
            provider.extension().used(s, base);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not count the install of base " + base.id(), e);
    }
    return project;
  }

  private void undo(String tenantId, String projectId, List<String> created, RuntimeException e) {
    for (String name : created) {
      try {
        agents.delete(tenantId, name);
      } catch (RuntimeException other) {
        e.addSuppressed(other);
      }
    }
    try {
      projects.delete(tenantId, projectId);
    } catch (RuntimeException other) {
      e.addSuppressed(other);
    }
  }
}
