package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.metadata.DifferencedFiles;
import dev.quiesce.json.JsonValues;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.ComponentSelection;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.WriterStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The daemon protocol's messages (version {@value #PROTOCOL}), as JSON objects in {@link Frames}.
 * Wire records are kept apart from the API's records so that the API can change without changing
 * the protocol. Unknown fields are ignored (a newer peer may add some); everything else is read
 * strictly, and polymorphic typing is never enabled: the daemon parses bytes from other users.
 */
final class Wire {
  /** The protocol version both sides announce in {@code hello}. */
  static final int PROTOCOL = 1;

  static final ObjectMapper MAPPER =
      JsonValues.strictMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Only to find the id of a request that {@link #MAPPER} refused, so that it can be answered. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private Wire() {}

  /**
   * A request. {@code op} names the call (a {@link Call}'s wire name, kept a string so that an
   * unknown one can be answered); the other fields are its arguments, present as the call needs
   * them. A {@code ping} has id 0 and no answer but a {@code pong}.
   */
  record Request(
      long id,
      String op,
      SessionId session,
      Hello hello,
      Options options,
      RestoreChoice restore,
      ComponentRef component,
      Boolean succeeded,
      List<Path> paths,
      SetStep set,
      String text) {
    static Request of(long id, Call call, SessionId session) {
      return new Request(
          id, call.wireName(), session, null, null, null, null, null, null, null, null);
    }

    Request withText(String t) {
      return new Request(
          id, op, session, hello, options, restore, component, succeeded, paths, set, t);
    }

    Request withHello(Hello h) {
      return new Request(
          id, op, session, h, options, restore, component, succeeded, paths, set, text);
    }

    Request withOptions(Options o) {
      return new Request(
          id, op, session, hello, o, restore, component, succeeded, paths, set, text);
    }

    Request withRestore(RestoreChoice r) {
      return new Request(
          id, op, session, hello, options, r, component, succeeded, paths, set, text);
    }

    Request withComponent(ComponentRef c, Boolean ok) {
      return new Request(id, op, session, hello, options, restore, c, ok, paths, set, text);
    }

    Request withPaths(List<Path> p) {
      return new Request(
          id, op, session, hello, options, restore, component, succeeded, p, set, text);
    }

    Request withSet(SetStep s) {
      return new Request(
          id, op, session, hello, options, restore, component, succeeded, paths, s, text);
    }
  }

  /** {@link ComponentBackupData} on the wire: an absent value is {@code null}. */
  record ComponentData(
      ComponentRef component,
      BackupType backupType,
      String backupMetadata,
      String backupStamp,
      List<DifferencedFiles> differencedFiles) {
    static ComponentData of(ComponentBackupData d) {
      return new ComponentData(
          d.component(),
          d.backupType(),
          d.backupMetadata().orElse(null),
          d.backupStamp().orElse(null),
          d.differencedFiles());
    }

    ComponentBackupData toData() {
      return new ComponentBackupData(
          component,
          backupType,
          Optional.ofNullable(backupMetadata),
          Optional.ofNullable(backupStamp),
          differencedFiles == null ? List.of() : differencedFiles);
    }
  }

  /**
   * The arguments of a snapshot set's step calls ({@code set-begin} to {@code set-close}): the
   * requestor-given set id and the set's freeze window for {@code set-begin}, the level for {@code
   * set-freeze} and {@code set-thaw}.
   */
  record SetStep(SnapshotSetId id, Duration freezeWindow, ApplicationLevel level) {
    static SetStep begin(SnapshotSetId id, Duration freezeWindow) {
      return new SetStep(id, freezeWindow, null);
    }

    static SetStep at(ApplicationLevel level) {
      return new SetStep(null, null, level);
    }
  }

  /**
   * The answer to {@code set-freeze}: when the member thaws on its own, in epoch milliseconds; no
   * value before its window opened.
   */
  record ThawDeadline(Long epochMillis) {}

  /** The first request on a connection: who the requestor says it is. */
  record Hello(int protocol, String name, long pid) {}

  /** The daemon's answer to {@code hello}. */
  record Welcome(int protocol, long heartbeatMillis, String daemonUser, String requestorUser) {}

  /** The answer to a request: its result, or an error. */
  record Response(long id, JsonNode result, Failure error) {}

  /**
   * Why a request failed. {@code kind} is one of {@code quiesce} (a {@code QuiesceException}, with
   * its session and failed writers), {@code illegal-argument}, {@code illegal-state}, {@code
   * protocol}, {@code refused} (not allowed), {@code unsupported}, {@code internal}.
   */
  record Failure(String kind, String message, SessionId session, List<Status> writers) {}

  /** {@link BackupOptions} without the requestor, which the daemon sets from the connection. */
  record Options(
      BackupType backupType,
      boolean everything,
      Set<String> writers,
      Set<ComponentRef> components,
      QuiescePolicy quiescePolicy) {
    static Options of(BackupOptions o) {
      ComponentSelection s = o.selection();
      return new Options(
          o.backupType(), s.everything(), s.writers(), s.components(), o.quiescePolicy());
    }

    BackupOptions toOptions(dev.quiesce.api.Requestor requestor) {
      return new BackupOptions(
          backupType, selection(everything, writers, components), quiescePolicy, requestor);
    }
  }

  /** {@link RestoreOptions} without the requestor, which the daemon sets from the connection. */
  record RestoreChoice(
      RestoreType restoreType,
      boolean everything,
      Set<String> writers,
      Set<ComponentRef> components,
      Path alternateLocation) {
    static RestoreChoice of(RestoreOptions o) {
      ComponentSelection s = o.selection();
      return new RestoreChoice(
          o.restoreType(),
          s.everything(),
          s.writers(),
          s.components(),
          o.alternateLocation().orElse(null));
    }

    RestoreOptions toOptions(dev.quiesce.api.Requestor requestor) {
      return new RestoreOptions(
          restoreType,
          selection(everything, writers, components),
          Optional.ofNullable(alternateLocation),
          requestor);
    }
  }

  static ComponentSelection selection(
      boolean everything, Set<String> writers, Set<ComponentRef> components) {
    return new ComponentSelection(
        everything,
        writers == null ? Set.of() : writers,
        components == null ? Set.of() : components);
  }

  /** {@link WriterStatus}, with absent values as nulls. */
  record Status(
      String name,
      UUID writerId,
      String instanceName,
      UUID instanceId,
      WriterState state,
      WriterFailure failure,
      String error,
      SessionId session) {
    static Status of(WriterStatus s) {
      return new Status(
          s.name(),
          s.writerId(),
          s.instanceName(),
          s.instanceId(),
          s.state(),
          s.failure().orElse(null),
          s.error().orElse(null),
          s.session().orElse(null));
    }

    static List<Status> of(List<WriterStatus> statuses) {
      return statuses.stream().map(Status::of).toList();
    }

    WriterStatus toStatus() {
      return new WriterStatus(
          name,
          writerId,
          instanceName,
          instanceId,
          state,
          Optional.ofNullable(failure),
          Optional.ofNullable(error),
          Optional.ofNullable(session));
    }

    static List<WriterStatus> toStatuses(List<Status> statuses) {
      return statuses == null ? List.of() : statuses.stream().map(Status::toStatus).toList();
    }
  }

  /**
   * A snapshot set as the requestor reads it: {@code copies.get(i)} is where {@code paths.get(i)}
   * can be read; {@code privateCopies} says the copies are the provider's own, which the
   * requestor's archive may hard-link ({@code Snapshot#privateCopies()}), {@code clonable} that
   * they can be cloned on their filesystem ({@code Snapshot#clonable()}).
   */
  record SnapshotSetView(
      SnapshotSetId id,
      List<Path> paths,
      List<Path> copies,
      String provider,
      QuiescePolicy policy,
      List<Status> quiesceFailures,
      Duration frozenFor,
      boolean privateCopies,
      boolean clonable) {}

  static byte[] write(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * A frame that is no valid request: the peer's mistake, answered as {@code illegal-argument}.
   * {@code id} is the request's id when the frame is an object with an integral one (the daemon can
   * then answer that call and go on), else empty.
   */
  static final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient OptionalLong id;

    InvalidRequestException(OptionalLong id, String message, Throwable cause) {
      super(message, cause);
      this.id = id;
    }

    OptionalLong id() {
      return id;
    }
  }

  /**
   * Reads a request strictly: valid JSON, one object, no key twice, every value of the kind its
   * field has ({@code "1"} is no number), no {@code null} in a list; a call needs an {@code op}.
   * The message says what was wrong in one line, without echoing the frame.
   */
  static Request readRequest(byte[] frame) throws InvalidRequestException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(frame);
    } catch (java.io.IOException e) {
      throw new InvalidRequestException(
          idOf(frame), "not a valid Request message: " + oneLine(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidRequestException(
          OptionalLong.empty(),
          "not a valid Request message: a request is a JSON object, not "
              + (tree == null || tree.isMissingNode()
                  ? "nothing"
                  : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)),
          null);
    }
    JsonNode idNode = tree.get("id");
    OptionalLong id =
        idNode != null && idNode.isIntegralNumber() && idNode.canConvertToLong()
            ? OptionalLong.of(idNode.longValue())
            : OptionalLong.empty();
    Request request;
    try {
      request = MAPPER.treeToValue(tree, Request.class);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new InvalidRequestException(id, "not a valid Request message: " + oneLine(e), e);
    }
    if (request.op() == null) {
      throw new InvalidRequestException(id, "request " + request.id() + " has no op", null);
    }
    return request;
  }

  /** The id of a frame the strict reading refused (a key twice, say), if it has one: to answer. */
  private static OptionalLong idOf(byte[] frame) {
    try {
      JsonNode id = LENIENT.readTree(frame).path("id");
      return id.isIntegralNumber() && id.canConvertToLong()
          ? OptionalLong.of(id.longValue())
          : OptionalLong.empty();
    } catch (java.io.IOException | RuntimeException e) {
      return OptionalLong.empty(); // not even JSON: there is no call to answer
    }
  }

  /** Jackson's message without the location and source excerpt it appends on further lines. */
  private static String oneLine(Exception e) {
    String message =
        e instanceof JsonProcessingException j && j.getOriginalMessage() != null
            ? j.getOriginalMessage()
            : String.valueOf(e.getMessage());
    String where =
        e instanceof JsonMappingException m && !m.getPath().isEmpty()
            ? " (at "
                + m.getPath().stream()
                    .map(
                        r -> r.getFieldName() != null ? "/" + r.getFieldName() : "/" + r.getIndex())
                    .collect(java.util.stream.Collectors.joining())
                + ")"
            : "";
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)) + where;
  }

  static <T> T read(byte[] frame, Class<T> type) throws ProtocolException {
    try {
      return MAPPER.readValue(frame, type);
    } catch (java.io.IOException e) {
      throw new ProtocolException(
          "not a valid " + type.getSimpleName() + " message: " + e.getMessage(), e);
    }
  }

  static <T> T convert(JsonNode node, Class<T> type) throws ProtocolException {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ProtocolException("the daemon answered with no valid " + type.getSimpleName(), e);
    }
  }

  static <T> List<T> convertList(JsonNode node, Class<T> element) throws ProtocolException {
    CollectionType type = MAPPER.getTypeFactory().constructCollectionType(List.class, element);
    try {
      return List.copyOf(MAPPER.<List<T>>treeToValue(node, type));
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new ProtocolException(
          "the daemon answered with no valid list of " + element.getSimpleName(), e);
    }
  }
}
