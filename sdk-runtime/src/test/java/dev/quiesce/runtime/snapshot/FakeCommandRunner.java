package dev.quiesce.runtime.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Records the commands a provider runs and answers them from a script; runs nothing. */
final class FakeCommandRunner implements CommandRunner {
  private final Set<String> installed;
  private final Function<List<String>, CommandResult> answers;
  private final List<List<String>> commands = new ArrayList<>();

  FakeCommandRunner(Set<String> installed, Function<List<String>, CommandResult> answers) {
    this.installed = installed;
    this.answers = answers;
  }

  static CommandResult ok(List<String> command, String stdout) {
    return new CommandResult(command, 0, stdout, "");
  }

  static CommandResult failed(List<String> command, String stderr) {
    return new CommandResult(command, 1, "", stderr);
  }

  @Override
  public synchronized CommandResult run(List<String> command, Duration timeout) {
    commands.add(List.copyOf(command));
    return answers.apply(command);
  }

  @Override
  public boolean isInstalled(String program) {
    return installed.contains(program);
  }

  /** The commands run so far, each joined with spaces. */
  synchronized List<String> commandLines() {
    return commands.stream().map(c -> String.join(" ", c)).toList();
  }
}
