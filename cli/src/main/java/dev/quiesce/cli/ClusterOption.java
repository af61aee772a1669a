package dev.quiesce.cli;

import dev.quiesce.cluster.ClusterAccess;
import dev.quiesce.cluster.ClusterRequestor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --zookeeper CONNECT --cluster NAME}: the cluster of applications a command drives through
 * Apache ZooKeeper, with the cluster's secret read from a file or the environment (never from the
 * command line, where any user could read it in the process list).
 */
final class ClusterOption {
  /** The environment variable the secret is read from when no file is named. */
  static final String SECRET_ENV = "QUIESCE_CLUSTER_SECRET";

  @Option(
      names = "--zookeeper",
      paramLabel = "CONNECT",
      description = "ZooKeeper's connect string (host:port,...): drive a cluster of applications")
  String connectString;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "with --zookeeper: the cluster's name")
  String cluster;

  @Option(
      names = "--cluster-secret-file",
      paramLabel = "FILE",
      description =
          "with --zookeeper: a file holding the cluster's secret (default: the environment"
              + " variable "
              + SECRET_ENV
              + ")")
  Path secretFile;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  boolean given() {
    return connectString != null || cluster != null || secretFile != null;
  }

  /** Connects to the cluster; the caller closes the requestor. */
  ClusterRequestor connect() throws IOException {
    if (connectString == null || cluster == null) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(), "--zookeeper CONNECT and --cluster NAME go together");
    }
    String secret;
    if (secretFile != null) {
      secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
    } else {
      secret = System.getenv(SECRET_ENV);
      if (secret == null) {
        throw new CommandLine.ParameterException(
            mixee.commandLine(),
            "the cluster's secret is needed: name a file holding it with --cluster-secret-file,"
                + " or set "
                + SECRET_ENV);
      }
    }
    return ClusterRequestor.connect(connectString, new ClusterAccess(cluster, secret));
  }
}
