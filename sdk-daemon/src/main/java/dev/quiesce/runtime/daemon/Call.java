package dev.quiesce.runtime.daemon;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The daemon's calls, each with the name it has on the wire ({@link Wire.Request#op()}). One table
 * for both ends, so that the daemon's dispatch and the client's requests cannot drift apart; the
 * wire keeps the plain string, so a name this table does not know still arrives and is answered as
 * an unknown call.
 */
enum Call {
  /** The first request on a connection; no other is served before it. */
  HELLO("hello"),
  /** The client's heartbeat, id 0, answered at once and not on the call pool. */
  PING("ping"),
  OPEN_BACKUP("open"),
  OPEN_RESTORE("open-restore"),
  WRITERS("writers"),
  GATHER("gather"),
  SELECT("select"),
  STATUS("status"),
  PREPARE("prepare"),
  SNAPSHOT("snapshot"),
  SELECTED("selected"),
  SUCCEEDED("succeeded"),
  COMPLETE("complete"),
  ABORT("abort"),
  RELEASE("release"),
  PREVIOUS_STAMP("previous-stamp"),
  COMPONENTS("components"),
  BACKUP_METADATA("backup-metadata"),
  RESTORE_TARGET("restore-target"),
  FILE_RESTORE_STATUS("file-restore-status"),
  RESTORE_METADATA("restore-metadata"),
  PRE_RESTORE("pre-restore"),
  POST_RESTORE("post-restore"),
  CLOSE("close");

  private static final Map<String, Call> BY_WIRE_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Call::wireName, Function.identity()));

  private final String wireName;

  Call(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire: part of the protocol, never to change with the constant's name. */
  String wireName() {
    return wireName;
  }

  /** The call a request names, or empty for a name this protocol does not have. */
  static Optional<Call> named(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }
}
