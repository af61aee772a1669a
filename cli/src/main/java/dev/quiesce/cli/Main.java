package dev.quiesce.cli;

/**
 * The {@code quiesce} command line's entry point: runs one command and exits with its status (0
 * done, 1 the operation failed, 2 the command line is wrong).
 */
public final class Main {
  private Main() {}

  /** Runs {@code quiesce args...} and exits with the command's status. */
  public static void main(String[] args) {
    int status;
    try {
      status = QuiesceCommand.commandLine(System.out, System.err).execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println(
          "quiesce: out of memory ("
              + e.getMessage()
              + "); give it more with JAVA_TOOL_OPTIONS=-Xmx2g, or report what it was reading");
      status = QuiesceCommand.FAILED;
    }
    System.exit(status);
  }
}
