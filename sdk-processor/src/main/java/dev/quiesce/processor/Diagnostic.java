package dev.quiesce.processor;

import java.util.Locale;
import javax.tools.Diagnostic.Kind;

/**
 * Every message the processor can print: one catalogue, so the wording stays consistent and tests
 * can name what they expect. Each message says what is wrong, the rule behind it and the fix, and
 * starts with a tag ({@code [Quiesce:HandlerNotVoid]}) that is easy to search for.
 *
 * <p>Arguments are filled with {@link String#format}; each entry's Javadoc lists them.
 */
public enum Diagnostic {
  // ---- Declaration rules: the @Writer class and its handlers (DESIGN section 4, items 1 and 2).

  /** 1: annotation, 2: method, 3: enclosing type. */
  HANDLER_OUTSIDE_WRITER(
      "@%1$s method %2$s() is in %3$s, which is not a @Writer class. Handlers are looked for only"
          + " in @Writer classes, so this one would never be called. Annotate %3$s with"
          + " @Writer(name = \"...\"), or remove @%1$s."),
  /** 1: annotation, 2: method, 3: the modifier (private, static or abstract). */
  HANDLER_MODIFIER(
      "@%1$s handler %2$s() must not be %3$s. The generated dispatcher calls handlers directly on"
          + " the writer instance, so they must be non-private, non-static and concrete. Remove"
          + " '%3$s'."),
  /** 1: annotation, 2: method, 3: return type. */
  HANDLER_NOT_VOID(
      "@%1$s handler %2$s() returns %3$s; handlers return void. A handler fails by throwing"
          + " WriterFailureException (or reports without failing through"
          + " EventContext.reportFailure); a returned value would be ignored. Make it return"
          + " void."),
  /** 1: annotation, 2: writer type, 3: first handler, 4: this handler. */
  DUPLICATE_HANDLER(
      "%2$s has two @%1$s handlers, %3$s() and %4$s(). A writer handles each event in one place, so"
          + " the order of its work is explicit. Merge them into one method."),
  /** 1: method, 2: first annotation, 3: second annotation. */
  MULTIPLE_EVENTS(
      "%1$s() is annotated both @%2$s and @%3$s. A handler handles one event, whose context it"
          + " receives. Write one handler per event; they may call a shared private method."),
  /** 1: parameter, 2: its type, 3: annotation, 4: method, 5: event, 6: the accepted types. */
  PARAMETER_NOT_ACCEPTED(
      "Parameter '%1$s' of @%3$s handler %4$s() has type %2$s, which %5$s does not provide."
          + " Handler parameters are resolved by type, and %5$s accepts: %6$s. Use one of those"
          + " types, or inject what you need into the writer's constructor."),
  /** 1: parameter, 2: its type, 3: method. */
  PARAMETER_REPEATED(
      "Parameter '%1$s' of %3$s() repeats type %2$s. Each handler parameter type is resolved to one"
          + " value, so a second one is the same object. Remove the repeated parameter."),
  /** 1: writer type, 2: what is wrong (abstract, private, a non-static inner class, ...). */
  WRITER_SHAPE(
      "@Writer class %1$s is %2$s. The runtime creates one instance of each writer with Guice and"
          + " the generated dispatcher, in the same package, calls it directly. Make it a concrete,"
          + " non-generic, non-private class, top-level or static nested (and not nested in a"
          + " private class)."),
  /** 1: writer type. */
  WRITER_NOT_INJECTABLE(
      "@Writer class %1$s has no constructor Guice can use. The runtime creates writers with Guice,"
          + " which needs one constructor annotated @jakarta.inject.Inject or a non-private"
          + " constructor without parameters. Add @Inject to the constructor that takes the"
          + " writer's dependencies."),
  /** 1: writer type. */
  WRITER_TOO_MANY_INJECT(
      "@Writer class %1$s has more than one @Inject constructor. Guice needs exactly one. Keep"
          + " @Inject on one constructor."),
  /** 1: writer type. */
  WRITER_BLANK_NAME(
      "@Writer(name) of %1$s is blank. The name identifies the writer to requestors and, unless an"
          + " id is given, its id is derived from it. Give a stable, non-blank name such as"
          + " \"orders-db\"."),
  /** 1: writer type, 2: the id given. */
  WRITER_BAD_ID(
      "@Writer(id = \"%2$s\") of %1$s is not a UUID. A writer class id is a UUID so backups can be"
          + " matched to writers at restore. Use a UUID such as"
          + " \"6f1f6a5e-6b1c-4c58-9a0e-2f4b9f0f3c11\", or leave id out to derive it from the"
          + " name."),
  /** 1: writer type, 2: the timeout given. */
  WRITER_BAD_FREEZE_TIMEOUT(
      "@Writer(freezeTimeoutMillis = %2$s) of %1$s is not positive. The freeze window bounds how"
          + " long the writer stays frozen; the coordinator thaws it when the window ends. Give a"
          + " positive number of milliseconds (the default is 60000)."),
  /** 1: writer type, 2: the id, 3: the other writer type. */
  WRITER_DUPLICATE_ID(
      "@Writer class %1$s has the id %2$s, which %3$s has too. The writer id matches a backup to"
          + " its writer at restore, so it must be unique. Give one of them another name or an"
          + " explicit id."),
  /** 1: writer type, 2: the @OnFreeze method. */
  FREEZE_WITHOUT_THAW(
      "@Writer class %1$s has @OnFreeze %2$s() but no @OnThaw. A writer that holds writes in Freeze"
          + " must resume them in Thaw, which the coordinator guarantees to deliver; without it the"
          + " writer would stay frozen. Add an @OnThaw handler that undoes the freeze."),
  /** 1: the class, 2: what is wrong. */
  SESSION_STATE_SHAPE(
      "@SessionState class %1$s is %2$s. Session state is created by Guice once per session. Make"
          + " it a concrete, non-generic, non-private, top-level or static nested class with one"
          + " @Inject or a non-private parameterless constructor."),
  /** 1: the class, 2: the parameter, 3: the handler, 4: the writer's package, 5: the writer. */
  SESSION_STATE_INACCESSIBLE(
      "@SessionState class %1$s, taken by parameter '%2$s' of %3$s(), cannot be named from package"
          + " %4$s. The dispatcher generated for %5$s lives in that package and asks the session"
          + " for the instance by class, so it must be able to name it. Make %1$s public (and every"
          + " class it is nested in), or move it into package %4$s."),

  // ---- Body rules: event-restricted calls and context escapes (DESIGN section 4, items 3 and 4).
  // Restricted calls share their arguments: 1: the called method (WriterContext.currentVolumes()),
  // 2: the events it is allowed in, 3: what reaches it wrongly, each with its chain of calls
  // ("BackupShutdown (shutdown -> cleanup -> currentSnapshotSetId())"), 4: the VSS rule and fix.
  // One message per call site; the tag names the most serious way it is reached (code that may run
  // later, then a wrong event, then outside every event).

  /** A handler of an event the method is not allowed in reaches the call. */
  RESTRICTED_CALL_WRONG_EVENT(
      "%1$s may be called only during %2$s, but it is reached from %3$s. %4$s"),
  /** Code that runs outside every event (a non-private method, a constructor, ...) reaches it. */
  RESTRICTED_CALL_OUTSIDE_EVENT(
      "%1$s may be called only during %2$s, but it is reached from %3$s. Application code, Guice"
          + " or the class loader may run that at any time: when no event of this writer is being"
          + " handled, or while one of another backup is. %4$s"),
  /** A lambda, method reference, anonymous, local or nested class reaches the call. */
  RESTRICTED_CALL_DEFERRED(
      "%1$s may be called only during %2$s, but it is reached from %3$s. A lambda, method"
          + " reference or inner class may run after the handler returned (on another thread, or"
          + " during another backup's event), so call %1$s in the handler itself and pass the"
          + " value on. %4$s"),
  /** 1: the context type, 2: how it escapes (stored in field x, returned, captured by ...). */
  CONTEXT_ESCAPE(
      "%1$s escapes its handler: %2$s. An event context describes one event of one session and is"
          + " invalid once the handler returns; used later it would answer for an event that is"
          + " over, possibly of another backup. Take the values you need from it (a SnapshotSetId"
          + " may be stored anywhere), keep per-session state in a @SessionState class, and pass"
          + " the context only as an argument to methods that use it before returning."),
  /** 1: why Trees is not available. */
  BODY_RULES_SKIPPED(
      Kind.WARNING,
      "Quiesce could not read method bodies (%1$s), so the event-restricted call and context escape"
          + " rules were skipped; dispatchers are still generated. These rules need javac's Tree"
          + " API, which this compiler or build tool does not expose. Compile with plain javac (the"
          + " Maven build does) to have them checked."),

  // ---- The processor itself.

  /** 1: the element, 2: the type that could not be resolved. */
  UNRESOLVED_TYPE(
      "Quiesce could not process %1$s because %2$s never resolved. Fix the errors about %2$s first;"
          + " this one goes away with them."),
  /** 1: the file, 2: the I/O error. */
  WRITE_FAILED(
      "Quiesce could not write %1$s: %2$s. Without it the runtime cannot find or call the writer."
          + " Either two writers' dispatchers got the same name (Outer.Inner and a top-level"
          + " Outer_Inner both give Outer_Inner_Dispatcher: rename one), or the build cannot write"
          + " its output (a read-only directory, two processors writing the same file); fix that"
          + " and rebuild."),
  /** 1: the element, 2: the exception with its stack trace. */
  INTERNAL_ERROR(
      "The Quiesce processor failed on %1$s. This is a bug in Quiesce, not in your code; please"
          + " report it with this trace:%n%2$s");

  private final Kind kind;
  private final String format;

  Diagnostic(String format) {
    this(Kind.ERROR, format);
  }

  Diagnostic(Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  /** Error or warning. */
  public Kind kind() {
    return kind;
  }

  /** The tag that starts the message, e.g. {@code [Quiesce:HandlerNotVoid]}. */
  public String tag() {
    StringBuilder camel = new StringBuilder("[Quiesce:");
    for (String word : name().split("_")) {
      camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return camel.append(']').toString();
  }

  /** The full message: the tag, then the format filled with {@code args}. */
  public String format(Object... args) {
    return tag() + " " + String.format(Locale.ROOT, format, args);
  }
}
