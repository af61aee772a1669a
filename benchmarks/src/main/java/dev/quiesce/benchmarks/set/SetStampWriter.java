package dev.quiesce.benchmarks.set;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;
import java.nio.file.Path;

/** A member's writer: one small directory, and stamps of its Freeze and Thaw. */
@Writer(name = "bench-set-stamp")
public final class SetStampWriter {
  private final Path files;
  private final SetStamps stamps;

  /** The member's directory and the set's stamps, as the benchmark hands them over. */
  record Member(Path files, SetStamps stamps) {}

  @Inject
  SetStampWriter(Member member) {
    this.files = member.files();
    this.stamps = member.stamps();
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data").files(files, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    stamps.frozeAt(System.nanoTime());
  }

  @OnThaw
  void thaw(ThawContext ctx) {
    stamps.thawedAt(System.nanoTime());
  }
}
