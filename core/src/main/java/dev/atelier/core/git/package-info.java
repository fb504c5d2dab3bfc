/**
 * Git in projects (JGit): the project's files folder is the work tree, its repository is kept apart
 * under {@code atelier.git.dir}; clone, push and pull are background tasks.
 */
package dev.atelier.core.git;
