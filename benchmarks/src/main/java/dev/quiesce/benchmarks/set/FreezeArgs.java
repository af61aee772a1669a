package dev.quiesce.benchmarks.set;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line both freeze-overhead mains take: {@code [results.properties] [sets] [warmup]
 * [members...]}, with 100 sets, 100 warm-up sets and 3 and 10 members by default.
 *
 * @param out where to append the figures, or null for none
 * @param sets sets measured per member count
 * @param warmup sets run first and not counted
 * @param sizes the member counts to measure
 */
record FreezeArgs(Path out, int sets, int warmup, List<Integer> sizes) {
  static FreezeArgs parse(String[] args) {
    Path out = args.length > 0 ? Path.of(args[0]) : null;
    int sets = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    return new FreezeArgs(out, sets, warmup, sizes.isEmpty() ? List.of(3, 10) : List.copyOf(sizes));
  }
}
