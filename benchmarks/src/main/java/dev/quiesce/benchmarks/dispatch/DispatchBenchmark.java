package dev.quiesce.benchmarks.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of delivering one event: the generated dispatcher against the handler called directly,
 * through {@link Method#invoke} and through a {@link MethodHandle}, on a handler of realistic shape
 * (its context and a {@code @SessionState} parameter).
 *
 * <p>The direct call is handed its arguments ready-made; the generated dispatcher does what the
 * runtime needs on top: selects the handler by event, captures the snapshot set id into the session
 * record and looks up the session state. Reflection and the method handle get the same ready-made
 * arguments as the direct call, so they show what a reflective dispatcher would cost before doing
 * any of that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DispatchBenchmark {
  private static final MethodHandle HANDLE = freezeHandle();

  private final DispatchWriter writer = new DispatchWriter();
  private final DispatchWriter_Dispatcher dispatcher = new DispatchWriter_Dispatcher();
  private final BenchFreezeContext context = new BenchFreezeContext();
  private final BenchSessionRecord session = new BenchSessionRecord();
  private Method method;

  private static MethodHandle freezeHandle() {
    try {
      return MethodHandles.lookup()
          .findVirtual(
              DispatchWriter.class,
              "freeze",
              MethodType.methodType(
                  void.class, dev.quiesce.api.FreezeContext.class, HeldWrites.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Setup
  public void lookUp() throws NoSuchMethodException {
    method =
        DispatchWriter.class.getMethod(
            "freeze", dev.quiesce.api.FreezeContext.class, HeldWrites.class);
  }

  /** The handler called directly, its arguments at hand. */
  @Benchmark
  public long direct() {
    writer.freeze(context, session.held());
    return writer.frozen;
  }

  /** The generated dispatcher: switch, capture, session state lookup, direct call. */
  @Benchmark
  public long generated() throws Exception {
    dispatcher.dispatch(writer, context, session);
    return writer.frozen;
  }

  /** {@link Method#invoke}, the way a reflective framework dispatches. */
  @Benchmark
  public long reflection() throws Exception {
    method.invoke(writer, context, session.held());
    return writer.frozen;
  }

  /** A constant {@link MethodHandle}, the best case for a dispatcher built at run time. */
  @Benchmark
  public long methodHandle() throws Throwable {
    HANDLE.invokeExact(writer, (dev.quiesce.api.FreezeContext) context, session.held());
    return writer.frozen;
  }
}
