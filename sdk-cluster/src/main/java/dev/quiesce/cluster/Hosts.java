package dev.quiesce.cluster;

import dev.quiesce.set.SetManifest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name, and the names members may have. */
final class Hosts {
  private Hosts() {}

  static String localName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  static String checkMemberName(String name) {
    if (name == null || !SetManifest.MEMBER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "member name '"
              + name
              + "' is not valid: use a letter or digit, then up to 63 letters, digits, '.', '_' or"
              + " '-' (it names the member's part of the set archive)");
    }
    return name;
  }
}
