package dev.atelier.plugins.kanban;

/** Something kept in an ordered list by a 0-based position: a column on a board, a task. */
interface Positioned {

  int position();

  /** Sets the position alone, without counting as a change of the thing itself. */
  void reposition(int position);
}
