package dev.tokenscope.resolve.railway;

import java.util.List;

/**
 * One Railway project a token reaches, in its workspace (null for a project token, whose workspace
 * the API does not name), with the environments, services and volumes it holds. A workspace whose
 * projects could not be read has a null project.
 */
record Reach(
    String workspace,
    String project,
    List<String> environments,
    List<String> services,
    List<String> volumes) {

  Reach {
    environments = List.copyOf(environments);
    services = List.copyOf(services);
    volumes = List.copyOf(volumes);
  }

  /** {@code workspace/project}, or the project alone when the workspace is not known. */
  String qualifiedProject() {
    return workspace == null || workspace.isEmpty() ? project : workspace + "/" + project;
  }
}
