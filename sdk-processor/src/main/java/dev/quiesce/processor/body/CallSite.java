package dev.quiesce.processor.body;

import com.sun.source.util.TreePath;
import javax.lang.model.element.TypeElement;

/**
 * A call of an event-restricted method (or a method reference to one) in the writer's code.
 *
 * @param type the class whose code it is (the writer, or a supertype read with it)
 * @param unit the code the call is in
 * @param path the call's tree, where the error is printed
 * @param method the called method's contract
 */
record CallSite(TypeElement type, Unit unit, TreePath path, RestrictedMethod method) {}
