package dev.quiesce.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** This host's name, and the names members may have. */
final class Hosts {
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Hosts() {}

  static String localName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  static String checkMemberName(String name) {
    if (name == null || !MEMBER.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "member name '" + name + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }
}
