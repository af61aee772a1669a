package dev.quiesce.processor.body;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/**
 * The method-body rules (DESIGN section 4, items 3 and 4): the compile-time half of the promise
 * that a writer never asks for event state when VSS gives no reliable answer.
 *
 * <p>Why at compile time: in VSS a writer that calls {@code GetCurrentSnapshotSetId} from {@code
 * OnBackupShutdown}, or after {@code OnPostSnapshot} returned, silently gets an unpredictable id,
 * possibly another backup's; the bug shows only when two backups overlap. Quiesce rejects such code
 * when it is compiled:
 *
 * <ul>
 *   <li><b>event-restricted calls</b>: every call, in a {@code @Writer} class, of a method carrying
 *       {@code @CallableDuring} must be reachable only from handlers of the allowed events. The
 *       bodies of the class are read into a call graph (handlers, other methods of any visibility,
 *       constructors, initializers, field initializers, and the bodies of supertypes being
 *       compiled); a call reachable from another event, from code that runs outside every event (a
 *       non-private method, a constructor, an initializer), or from code that may run later (a
 *       lambda, a method reference, an anonymous, local or nested class) is an error at the call,
 *       with the chains that reach it;
 *   <li><b>context escapes</b>: an event context stored in a field, an array, a collection or a
 *       map, returned, or captured by a lambda, method reference or inner class is an error: it
 *       would outlive its event.
 * </ul>
 *
 * <p>The rules need javac's Tree API ({@code com.sun.source}). Where it is not available (another
 * compiler, or a build tool or IDE that wraps the processing environment) they are skipped with one
 * warning per compilation, and everything else the processor does goes on.
 */
public final class BodyRules {
  private final BodyChecker checker;
  private final String unavailable;
  private final Reporter reporter;
  private boolean warned;

  private BodyRules(BodyChecker checker, String unavailable, Reporter reporter) {
    this.checker = checker;
    this.unavailable = unavailable;
    this.reporter = reporter;
  }

  /** Rules for one processing environment; reports through {@code reporter}. */
  public static BodyRules create(ProcessingEnvironment env, Reporter reporter) {
    try {
      return new BodyRules(BodyChecker.create(env, reporter), null, reporter);
    } catch (IllegalArgumentException | LinkageError e) {
      // Trees.instance rejects an environment that is not javac's own; without jdk.compiler the
      // Tree API classes do not even link. Either way the reason goes into the warning.
      return new BodyRules(null, e.toString(), reporter);
    }
  }

  /**
   * Checks the bodies of {@code writer}'s methods, constructors and initializers (and those of its
   * supertypes whose source is being compiled), printing errors at the offending calls. The check
   * itself runs once javac has attributed the class, after annotation processing: see {@link
   * BodyChecker}.
   */
  public void check(TypeElement writer) {
    if (checker != null) {
      checker.defer(writer);
    } else if (!warned) {
      warned = true;
      reporter.reportWithoutElement(Diagnostic.BODY_RULES_SKIPPED, unavailable);
    }
  }
}
