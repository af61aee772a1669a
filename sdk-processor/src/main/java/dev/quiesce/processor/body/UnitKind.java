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
  /** A nested (member) class that is not a writer itself: its code may run at any time. */
  NESTED_CLASS;

  /** Whether code of this kind may run after the code that created it has returned. */
  boolean deferred() {
    return switch (this) {
      case LAMBDA, METHOD_REFERENCE, ANONYMOUS_CLASS, LOCAL_CLASS, NESTED_CLASS -> true;
      case METHOD, CONSTRUCTOR, INITIALIZER, STATIC_INITIALIZER, FIELD_INITIALIZER -> false;
    };
  }

  /** Whether code of this kind runs outside every event (when the writer is created or loaded). */
  boolean outsideEvents() {
    return switch (this) {
      case CONSTRUCTOR, INITIALIZER, STATIC_INITIALIZER, FIELD_INITIALIZER -> true;
      case METHOD, LAMBDA, METHOD_REFERENCE, ANONYMOUS_CLASS, LOCAL_CLASS, NESTED_CLASS -> false;
    };
  }
}
