package dev.quiesce.set;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name, for the set manifest. */
final class LocalHost {
  private LocalHost() {}

  static String name() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost"; // a host without a resolvable name: the manifest still says it was local
    }
  }
}
