package dev.quiesce.processor.body;

import javax.lang.model.element.ExecutableElement;

/**
 * A call that runs code of the writer instance itself.
 *
 * @param callee the method javac resolved the call to
 * @param virtual whether it dispatches on the writer instance ({@code this.m()}, {@code m()}), so
 *     the writer's override runs; false for {@code super.m()}, static methods and constructors
 */
record Call(ExecutableElement callee, boolean virtual) {}
