/**
 * The method-body rules of the Quiesce processor: calls of {@code @CallableDuring} methods must be
 * reachable only from handlers of the allowed events, and event contexts must not outlive their
 * handler. {@link dev.quiesce.processor.body.BodyRules} is the entry point.
 *
 * <p>How it works, in order:
 *
 * <ol>
 *   <li>During annotation processing, {@code BodyRules} only notes the writers. Bodies are read
 *       later, when javac reports each class analyzed ({@code BodyChecker}, a task listener): then
 *       they are attributed by javac itself and not yet lowered.
 *   <li>{@code TypeScanner} reads a class (the writer, and each supertype whose source is being
 *       compiled) into a {@code TypeSummary}: {@code Unit}s of code (methods, constructors,
 *       initializers, lambdas, method references, inner class bodies), the {@code Call}s between
 *       them that run code of the same instance (resolved by {@code CallResolver}), and the {@code
 *       CallSite}s of restricted methods ({@code RestrictedMethods} reads the annotation from the
 *       callee or a method it overrides). {@code EscapeFinder} adds the escaping contexts.
 *   <li>{@code CallGraph} assembles a writer's summaries, dispatching calls on the writer to the
 *       methods it really runs ({@code Hierarchy}), and decides how each unit can start running
 *       ({@code Root}): as a handler, outside every event, or later (deferred).
 *   <li>{@code Reachability} searches from every starting point, breadth first, so chains are
 *       shortest and recursion terminates; {@code RestrictedCallRule} turns the starting points
 *       that reach a call wrongly into one {@code Finding} per call site, worded with {@code
 *       Advice}; {@code TreeReporter} prints it at the call.
 * </ol>
 */
package dev.quiesce.processor.body;
