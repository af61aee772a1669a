package dev.quiesce.processor.body;

/** The kinds of code the call graph distinguishes. */
enum UnitKind {
  /** A method of the writer or of a supertype whose source is being compiled. */
  METHOD,
  /** A constructor: runs when Guice or anyone creates the writer, outside every event. */
  CONSTRUCTOR,
  /** An instance initializer block: part of every constructor. */
  INITIALIZER,
  /** A static initializer block: runs when the class is loaded. */
  STATIC_INITIALIZER,
  /** The initializer of a field. */
  FIELD_INITIALIZER,
  /** A lambda body: may run after the code that created it returned. */
  LAMBDA,
  /** A method reference: may be invoked after the code that created it returned. */
  METHOD_REFERENCE,
  /** An anonymous class body: its methods may run at any later time. */
  ANONYMOUS_CLASS,
  /** A local class body: its methods may run at any later time. */
  LOCAL_CLASS,
  /**
   * The code of a nested (member) class that is not in one of its methods or constructors (field
   * initializers, initializer blocks): read as a whole, and, conservatively, as code that may run
   * at any time.
   */
  NESTED_CLASS,
  /**
   * A method or constructor of a member class that only the writer's own code can call: private, or
   * in a class private to the writer and overriding nothing. Like a private method of the writer,
   * it runs when and only when its callers run it.
   */
  MEMBER_METHOD,
  /**
   * A method or constructor of a member class that other code can reach: the class is accessible
   * outside the writer, or the method implements a supertype's (so the object may be handed out, as
   * a {@code Runnable}, and called at any later time).
   */
  MEMBER_ENTRY;

  /** Whether code of this kind may run after the code that created it has returned. */
  boolean deferred() {
    return switch (this) {
      case LAMBDA, METHOD_REFERENCE, ANONYMOUS_CLASS, LOCAL_CLASS, NESTED_CLASS, MEMBER_ENTRY ->
          true;
      case METHOD, MEMBER_METHOD, CONSTRUCTOR, INITIALIZER, STATIC_INITIALIZER, FIELD_INITIALIZER ->
          false;
    };
  }

  /** Whether code of this kind runs outside every event (when the writer is created or loaded). */
  boolean outsideEvents() {
    return switch (this) {
      case CONSTRUCTOR, INITIALIZER, STATIC_INITIALIZER, FIELD_INITIALIZER -> true;
      case METHOD,
          LAMBDA,
          METHOD_REFERENCE,
          ANONYMOUS_CLASS,
          LOCAL_CLASS,
          NESTED_CLASS,
          MEMBER_METHOD,
          MEMBER_ENTRY ->
          false;
    };
  }
}
