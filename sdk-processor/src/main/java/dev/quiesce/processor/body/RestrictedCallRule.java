package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.model.EventSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;

/**
 * Decides whether a call of an event-restricted method is legal, from the code that reaches it, and
 * words the error: one per call site, naming every event or other starting point that reaches it
 * wrongly, each with the chain of calls.
 */
final class RestrictedCallRule {
  /** Chains listed per kind of starting point before "and N more". */
  private static final int MAX_CHAINS = 3;

  private RestrictedCallRule() {}

  /**
   * The error for {@code site}, if it is reached wrongly.
   *
   * @param writer the writer whose code reaches it; named in the message when the call is in one of
   *     its supertypes, which other writers may share
   */
  static Optional<Finding> check(
      CallSite site, List<Reachability.Reach> reaches, TypeElement writer) {
    Set<WriterEvent> allowed = site.method().allowed();
    Map<WriterEvent, List<Unit>> wrongEvents = new EnumMap<>(WriterEvent.class);
    List<List<Unit>> outside = new ArrayList<>();
    List<List<Unit>> deferred = new ArrayList<>();
    for (Reachability.Reach reach : reaches) {
      switch (reach.root()) {
        case EVENT -> {
          for (WriterEvent event : reach.start().events()) {
            if (!allowed.contains(event)) {
              wrongEvents.putIfAbsent(event, reach.chain());
            }
          }
        }
        case OUTSIDE -> outside.add(reach.chain());
        case DEFERRED -> deferred.add(reach.chain());
        case NONE -> {}
      }
    }
    if (wrongEvents.isEmpty() && outside.isEmpty() && deferred.isEmpty()) {
      return Optional.empty();
    }
    String call = site.method().call();
    List<String> from = new ArrayList<>();
    if (!wrongEvents.isEmpty()) {
      from.add(
          wrongEvents.entrySet().stream()
              .map(
                  entry ->
                      EventSpec.of(entry.getKey()).displayName()
                          + " ("
                          + chain(entry.getValue(), call, false)
                          + ")")
              .collect(Collectors.joining(", ")));
    }
    if (!outside.isEmpty()) {
      from.add("outside every event (" + chains(outside, call, true) + ")");
    }
    if (!deferred.isEmpty()) {
      from.add("code that may run later (" + chains(deferred, call, false) + ")");
    }
    Diagnostic diagnostic =
        !deferred.isEmpty()
            ? Diagnostic.RESTRICTED_CALL_DEFERRED
            : !wrongEvents.isEmpty()
                ? Diagnostic.RESTRICTED_CALL_WRONG_EVENT
                : Diagnostic.RESTRICTED_CALL_OUTSIDE_EVENT;
    String advice =
        Advice.of(site.method(), wrongEvents.keySet(), !outside.isEmpty(), !deferred.isEmpty());
    return Optional.of(
        new Finding(
            diagnostic,
            site.path(),
            List.of(
                site.method().displayName(),
                events(allowed),
                String.join(" and from ", from)
                    + (site.type().equals(writer) ? "" : ", in writer " + writer.getSimpleName()),
                advice)));
  }

  /** {@code PrepareSnapshot, Freeze, Thaw or PostSnapshot}. */
  static String events(Set<WriterEvent> events) {
    List<String> names = new ArrayList<>();
    for (WriterEvent event : WriterEvent.values()) {
      if (events.contains(event)) {
        names.add(EventSpec.of(event).displayName());
      }
    }
    if (names.isEmpty()) {
      return "no event";
    }
    String last = names.remove(names.size() - 1);
    return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
  }

  private static String chains(List<List<Unit>> chains, String call, boolean outsideRoot) {
    String shown =
        chains.stream()
            .limit(MAX_CHAINS)
            .map(chain -> chain(chain, call, outsideRoot))
            .collect(Collectors.joining("; "));
    return chains.size() > MAX_CHAINS
        ? shown + "; and " + (chains.size() - MAX_CHAINS) + " more"
        : shown;
  }

  /** {@code shutdown -> cleanup -> currentSnapshotSetId()}. */
  private static String chain(List<Unit> units, String call, boolean outsideRoot) {
    StringBuilder text = new StringBuilder();
    for (Unit unit : units) {
      if (text.length() == 0 && unit.kind() == UnitKind.METHOD && outsideRoot) {
        text.append("non-private method ");
      }
      text.append(unit.label()).append(" -> ");
    }
    return text.append(call).toString();
  }
}
