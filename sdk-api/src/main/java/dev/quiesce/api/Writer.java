package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a backup writer: the class in an application that owns some data and can make it
 * consistent on disk (flush, hold writes, resume) while a backup takes its point-in-time copy.
 *
 * <p>This is VSS's {@code CVssWriter::Initialize}, checked at compile time. The annotation
 * processor validates the class and its handlers ({@link OnFreeze}, {@link OnThaw}, ...) and
 * generates a {@code <Writer>_Dispatcher} that calls them directly. The runtime creates the writer
 * with Guice (it needs an injectable constructor: an {@code @Inject} one, or a non-private one
 * without parameters) and binds it as a singleton. The class must not be abstract, private or a
 * non-static inner class.
 *
 * <pre>{@code
 * @Writer(name = "orders-db", level = ApplicationLevel.BACK_END, freezeTimeoutMillis = 20_000)
 * public final class OrdersWriter { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Writer {
  /** The writer's name, shown to requestors and in status. Not localized; must not be blank. */
  String name();

  /**
   * The writer class id, a UUID string. Empty (the default) means the name-based UUID of {@link
   * #name()} ({@code UUID.nameUUIDFromBytes(name UTF-8)}), which stays the same across releases as
   * long as the name does. A backup is restored to the writer with the same id, so never change it
   * once backups exist.
   */
  String id() default "";

  /**
   * A persistent name for this instance when one application runs several instances of the same
   * writer class (VSS requires it for multi-instance restore). Empty for a single instance.
   */
  String instanceName() default "";

  /** What kind of data the writer owns. */
  UsageType usage() default UsageType.USER_DATA;

  /** How the writer's data is stored. */
  SourceType source() default SourceType.OTHER;

  /**
   * The freeze order: every {@link ApplicationLevel#FRONT_END} writer freezes before any {@link
   * ApplicationLevel#BACK_END} one, and those before {@link ApplicationLevel#SYSTEM}; thaw runs in
   * reverse. Use it when one writer depends on another (an application over its database).
   */
  ApplicationLevel level() default ApplicationLevel.FRONT_END;

  /**
   * The longest the writer may stay frozen, in milliseconds (VSS's {@code dwTimeoutFreeze}, 60 s by
   * default). When the window expires the coordinator thaws the writer, fails the snapshot set with
   * {@link WriterFailure#TIMEOUT} and aborts the backup: a writer is never left frozen. Must be
   * positive.
   */
  long freezeTimeoutMillis() default 60_000L;
}
