package dev.quiesce.cli;

import dev.quiesce.cluster.ClusterRequestor;
import dev.quiesce.cluster.ClusterSetOptions;
import dev.quiesce.cluster.ClusterSetReport;
import dev.quiesce.cluster.MemberInfo;
import dev.quiesce.cluster.PartSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code backup} and {@code writers} do with {@code --zookeeper}: a cluster, not one socket.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  /** One snapshot set across every live member of the cluster, into {@code to}. */
  static int backup(ClusterOption cluster, Path to, Duration freezeWindow, PrintWriter out)
      throws IOException {
    ClusterSetReport report;
    try (ClusterRequestor requestor = cluster.connect()) {
      report = requestor.backup(to, ClusterSetOptions.defaults().withFreezeWindow(freezeWindow));
    }
    out.printf(
        "snapshot set %s over %d members: writers held %d ms, in %s%n",
        report.id(),
        report.parts().size(),
        report.globalFreeze().toMillis(),
        Text.safe(report.directory().toString()));
    for (PartSummary part : report.parts()) {
      out.printf(
          "  %s on %s: %d writers, %d files%n",
          Text.safe(part.member()), Text.safe(part.host()), part.writers(), part.files());
    }
    out.flush();
    return QuiesceCommand.OK;
  }

  /** The cluster's live members and their writers. */
  static int writers(ClusterOption cluster, PrintWriter out) throws IOException {
    List<MemberInfo> members;
    try (ClusterRequestor requestor = cluster.connect()) {
      members = requestor.members();
    }
    out.printf("%-24s %-24s %s%n", "MEMBER", "HOST", "WRITERS");
    for (MemberInfo member : members) {
      out.printf(
          "%-24s %-24s %s%n",
          Text.safe(member.name()),
          Text.safe(member.host()),
          Text.safe(String.join(", ", member.writers())));
    }
    out.flush();
    return QuiesceCommand.OK;
  }
}
