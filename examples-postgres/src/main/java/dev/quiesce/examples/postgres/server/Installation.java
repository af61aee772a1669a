package dev.quiesce.examples.postgres.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's server programs are: Debian's {@code /usr/lib/postgresql/<major>/bin} (the
 * newest major), else the directory of {@code pg_ctl} on the {@code PATH}.
 *
 * @param binDirectory the directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}
 */
public record Installation(Path binDirectory) {
  private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

  /** The program {@code name} of this installation. */
  public String program(String name) {
    return binDirectory.resolve(name).toString();
  }

  /**
   * Finds PostgreSQL on this machine.
   *
   * @return the installation, or empty if there is none
   */
  public static Optional<Installation> find() {
    Optional<Installation> debian = debian();
    if (debian.isPresent()) {
      return debian;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        Path bin = Path.of(dir);
        if (Files.isExecutable(bin.resolve("initdb"))) {
          return Optional.of(new Installation(bin));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Why a private cluster cannot run here, or empty if it can: no PostgreSQL installed, or running
   * as root without the {@code postgres} user to run it as.
   */
  public static Optional<String> unavailableReason() {
    if (find().isEmpty()) {
      return Optional.of(
          "PostgreSQL is not installed (no pg_ctl under /usr/lib/postgresql/*/bin or on the PATH):"
              + " install Debian's postgresql package");
    }
    if (Commands.isRoot() && !userExists(Commands.SERVER_USER)) {
      return Optional.of(
          "running as root, and PostgreSQL refuses root: there is no '"
              + Commands.SERVER_USER
              + "' user to run it as");
    }
    return Optional.empty();
  }

  private static Optional<Installation> debian() {
    if (!Files.isDirectory(DEBIAN)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(DEBIAN)) {
      List<Path> bins =
          majors
              .map(m -> m.resolve("bin"))
              .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
              .filter(b -> Files.isExecutable(b.resolve("initdb")))
              .sorted(Comparator.comparing(Installation::major).reversed())
              .toList();
      return bins.stream().findFirst().map(Installation::new);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + DEBIAN, e);
    }
  }

  private static int major(Path bin) {
    String name = bin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  private static boolean userExists(String user) {
    try {
      Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
