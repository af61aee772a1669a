package dev.quiesce.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: the command, then {@code --name value} options (repeatable ones kept in
 * order) and {@code --flag}s. Anything unknown or missing is an {@link IllegalArgumentException}
 * whose message says what is wrong, so the entry point can print it with the usage.
 */
record CliArguments(String command, Map<String, List<String>> options, Set<String> flags) {
  static final String USAGE =
      String.join(
          "\n",
          "usage: quiesce <command> [options]",
          "  writers --socket PATH",
          "      the daemon's writers and their state as of their latest session",
          "  backup  --socket PATH --to DIR [--writer NAME]... [--type FULL|INCREMENTAL|DIFFERENTIAL|LOG]",
          "          [--crash-consistent]",
          "      a backup of the daemon's writers into a new archive directory; --writer narrows it,",
          "      --crash-consistent goes on without writers that fail to quiesce (the archive says so)",
          "  restore --socket PATH --from DIR [--to DIR]",
          "      verifies the archive, then restores it (to its original paths, or re-rooted under --to)",
          "  verify  --archive DIR",
          "      checks every file of an archive against its manifest; needs no daemon",
          "exit status: 0 done, 1 the backup or restore failed, 2 the command line is wrong");

  private static final Map<String, Set<String>> VALUED =
      Map.of(
          "writers", Set.of("socket"),
          "backup", Set.of("socket", "to", "writer", "type"),
          "restore", Set.of("socket", "from", "to"),
          "verify", Set.of("archive"));
  private static final Map<String, Set<String>> FLAGS =
      Map.of("backup", Set.of("crash-consistent"));

  static CliArguments parse(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no command given");
    }
    String command = args[0];
    Set<String> valued = VALUED.get(command);
    if (valued == null) {
      throw new IllegalArgumentException("unknown command '" + command + "'");
    }
    Set<String> allowedFlags = FLAGS.getOrDefault(command, Set.of());
    Map<String, List<String>> options = new HashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      if (allowedFlags.contains(name)) {
        flags.add(name);
      } else if (valued.contains(name)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        options.computeIfAbsent(name, n -> new ArrayList<>()).add(args[++i]);
      } else {
        throw new IllegalArgumentException("'" + command + "' has no option " + arg);
      }
    }
    return new CliArguments(command, options, flags);
  }

  Optional<String> optional(String name) {
    List<String> values = options.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new IllegalArgumentException("--" + name + " given more than once");
    }
    return values.stream().findFirst();
  }

  String required(String name) {
    return optional(name)
        .orElseThrow(() -> new IllegalArgumentException("'" + command + "' needs --" + name));
  }

  Path path(String name) {
    return Path.of(required(name));
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return flags.contains(name);
  }
}
