package dev.quiesce.cli;

import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnBackupComplete;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnPostRestore;
import dev.quiesce.api.OnPreRestore;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import dev.quiesce.api.WriterEvent;
import jakarta.inject.Inject;

/** A writer compiled by the real processor, as a user's would be: its store's one directory. */
@Writer(name = "orders")
public final class OrdersWriter {
  private final OrdersStore store;

  @Inject
  OrdersWriter(OrdersStore store) {
    this.store = store;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    store.events.add(WriterEvent.IDENTIFY);
    ctx.component("db").caption("orders").files(store.directory, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    store.events.add(WriterEvent.FREEZE);
  }

  @OnThaw
  void thaw(ThawContext ctx) {
    store.events.add(WriterEvent.THAW);
  }

  @OnBackupComplete
  void complete(BackupCompleteContext ctx) {
    store.events.add(WriterEvent.BACKUP_COMPLETE);
  }

  @OnBackupShutdown
  void shutdown(BackupShutdownContext ctx) {
    store.events.add(WriterEvent.BACKUP_SHUTDOWN);
  }

  @OnPreRestore
  void preRestore(PreRestoreContext ctx) {
    store.events.add(WriterEvent.PRE_RESTORE);
  }

  @OnPostRestore
  void postRestore(PostRestoreContext ctx) {
    store.events.add(WriterEvent.POST_RESTORE);
  }
}
