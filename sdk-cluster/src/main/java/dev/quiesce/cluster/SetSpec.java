package dev.quiesce.cluster;

import dev.quiesce.api.SnapshotSetId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a requestor asks of the members for one snapshot set, stored in the set's znode.
 *
 * @param id the snapshot set's id, the one every writer of every member captures
 * @param requestorHost where the requestor runs, for messages
 * @param members the members expected to take part: those registered when the set opened
 * @param freezeWindow the global freeze window: from the first Freeze to the last Thaw, on every
 *     member; each member's own watchdog thaws at its end
 * @param timeout how long the whole set may take, parts included; measured by each process on its
 *     own clock from when it saw the set
 * @param target the set's directory as the members see it (shared storage): each writes its part
 *     into {@code target/parts/<member>}
 */
record SetSpec(
    SnapshotSetId id,
    String requestorHost,
    List<String> members,
    Duration freezeWindow,
    Duration timeout,
    Path target) {
  SetSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestorHost, "requestorHost");
    members = List.copyOf(members);
    Objects.requireNonNull(freezeWindow, "freezeWindow");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(target, "target");
  }
}
