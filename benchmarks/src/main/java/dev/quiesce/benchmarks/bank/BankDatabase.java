package dev.quiesce.benchmarks.bank;

import dev.quiesce.examples.bank.Bank;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/**
 * The bank's Derby database at a given size, built once and reused: the bank's accounts, and a
 * ballast table of 30,000-character rows that brings the database's files to the size. Building 1
 * GiB takes minutes; a directory with {@code .complete} beside the database is taken as built.
 */
final class BankDatabase {
  static final int ACCOUNTS = 10_000;
  static final long BALANCE = 1_000;
  private static final String COMPLETE = ".complete";
  private static final int ROW_CHARS = 30_000;

  private BankDatabase() {}

  /** The bank in {@code dir}/bank of about {@code mib} MiB, built first if it is not yet. */
  static Bank ensure(Path dir, int mib) throws IOException, SQLException {
    Path db = dir.resolve("bank");
    if (Files.exists(dir.resolve(COMPLETE))) {
      return Bank.open(db, ACCOUNTS, BALANCE);
    }
    if (Files.exists(dir)) {
      throw new IOException(
          dir + " holds a database that was not finished: remove it, and it is built again");
    }
    Files.createDirectories(dir);
    Bank bank = Bank.open(db, ACCOUNTS, BALANCE);
    long target = (long) mib * 1024 * 1024;
    SplittableRandom random = new SplittableRandom(mib);
    try (Connection c = bank.connect()) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "CREATE TABLE ballast (id INT PRIMARY KEY, filler VARCHAR(32000) NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO ballast VALUES (?, ?)")) {
        char[] row = new char[ROW_CHARS];
        for (int id = 0; size(db) < target; id++) {
          for (int i = 0; i < row.length; i++) {
            row[i] = (char) ('a' + random.nextInt(26));
          }
          insert.setInt(1, id);
          insert.setString(2, new String(row));
          insert.executeUpdate();
          if (id % 100 == 99) {
            c.commit();
          }
        }
      }
      c.commit();
    }
    Files.writeString(dir.resolve(COMPLETE), mib + " MiB\n");
    return bank;
  }

  /** The bytes of the database's files; Derby deletes old logs meanwhile, which are skipped. */
  static long size(Path db) throws IOException {
    long[] bytes = {0};
    Files.walkFileTree(
        db,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            bytes[0] += attrs.isRegularFile() ? attrs.size() : 0;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return bytes[0];
  }
}
