package dev.quiesce.processor.body;

import com.sun.source.util.TreePath;

/**
 * A call of an event-restricted method (or a method reference to one) in the writer's code.
 *
 * @param unit the code the call is in
 * @param path the call's tree, where the error is printed
 * @param method the called method's contract
 */
record CallSite(Unit unit, TreePath path, RestrictedMethod method) {}
