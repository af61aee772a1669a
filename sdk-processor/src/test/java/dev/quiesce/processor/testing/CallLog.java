package dev.quiesce.processor.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What test writers compiled in memory record: each handler call with its arguments, for the test
 * to check what the generated dispatcher passed.
 */
public final class CallLog {
  /**
   * One handler call.
   *
   * @param handler the handler's name
   * @param arguments the arguments it received, in order
   */
  public record Call(String handler, List<Object> arguments) {}

  private final List<Call> calls = new ArrayList<>();

  /** Records a call of {@code handler} with {@code arguments}. */
  public void add(String handler, Object... arguments) {
    calls.add(new Call(handler, Arrays.asList(arguments)));
  }

  /** The calls so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The only call of {@code handler}. */
  public Call only(String handler) {
    List<Call> matching = calls.stream().filter(c -> c.handler().equals(handler)).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one call of " + handler + " in " + calls);
    }
    return matching.get(0);
  }
}
