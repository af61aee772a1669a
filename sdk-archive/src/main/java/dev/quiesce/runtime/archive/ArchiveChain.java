package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An archive with the chain of earlier archives it builds on, oldest (a full backup) first, itself
 * last: what an incremental or differential backup needs to be verified and restored, and what the
 * next one builds on. A full archive is a chain of one.
 *
 * <p>{@link #read(Path)} checks the chain's structure without reading data: every link is there,
 * its manifest has the SHA-256 the next archive recorded, the links agree on their own chains, and
 * every file an archive keeps from the chain is stored in the link it names with the same size and
 * checksum. {@link #verify(Path, ProgressListener)} also hashes every stored file of every link.
 * Either way a broken, tampered or missing link is refused, listing every problem, before anything
 * is written.
 */
public final class ArchiveChain {
  /**
   * One archive of the chain.
   *
   * @param directory its directory, absolute and normalized
   * @param manifest its manifest
   * @param manifestSha256 the SHA-256 of its manifest file
   */
  public record Link(Path directory, Manifest manifest, String manifestSha256) {
    /** Checks the fields. */
    public Link {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(manifestSha256, "manifestSha256");
    }
  }

  /**
   * One file of the newest archive's backed-up state, and where its content is.
   *
   * @param entry the file as the state records it, with the {@code archivePath} of the link that
   *     stores it
   * @param link the index in {@link #links()} of that link
   */
  public record StateFile(FileEntry entry, int link) {}

  /** Identifies a file in a state: its writer and original path. */
  record Key(UUID writerId, String instanceName, Path originalPath) {
    static Key of(FileEntry f) {
      return new Key(f.writerId(), f.instanceName(), f.originalPath());
    }

    static Key of(CarriedFile f) {
      return new Key(f.writerId(), f.instanceName(), f.originalPath());
    }
  }

  private final List<Link> links;
  private final List<StateFile> state;

  private ArchiveChain(List<Link> links, List<StateFile> state) {
    this.links = List.copyOf(links);
    this.state = List.copyOf(state);
  }

  /** The links, oldest (the full backup) first, the archive itself last. */
  public List<Link> links() {
    return links;
  }

  /** The newest archive: the one the chain was read from. */
  public Link newest() {
    return links.get(links.size() - 1);
  }

  /**
   * The files of the newest archive's backed-up state: those it stores and those it keeps from the
   * chain. A file deleted since an earlier backup is not in it.
   */
  public List<StateFile> state() {
    return state;
  }

  /**
   * The chain up to and including its last full backup's link: the base of a differential backup.
   * For a chain of one full archive, itself.
   */
  public ArchiveChain upToLastFull() {
    int last = 0;
    for (int i = 0; i < links.size(); i++) {
      if (links.get(i).manifest().backupComponents().backupType() != BackupType.INCREMENTAL
          && links.get(i).manifest().backupComponents().backupType() != BackupType.DIFFERENTIAL) {
        last = i;
      }
    }
    List<Link> prefix = links.subList(0, last + 1);
    return new ArchiveChain(prefix, stateOf(prefix, new ArrayList<>()));
  }

  /**
   * The chain a new archive in {@code newArchive} records to build on this one: every link, named
   * relative to {@code newArchive}.
   */
  public List<ChainLink> asBaseOf(Path newArchive) {
    Path from = newArchive.toAbsolutePath().normalize();
    List<ChainLink> chain = new ArrayList<>();
    for (Link l : links) {
      Path named;
      try {
        named = from.relativize(l.directory());
      } catch (IllegalArgumentException e) {
        named = l.directory();
      }
      chain.add(
          new ChainLink(
              named,
              l.manifestSha256(),
              l.manifest().backupComponents().backupType(),
              l.manifest().snapshotSetId()));
    }
    return chain;
  }

  /**
   * Reads the chain that ends with the archive in {@code newest}, checking its structure (see the
   * class comment) but not the files' data.
   *
   * @throws InvalidArchiveException listing every problem: a missing or changed link, links that
   *     disagree, a kept file the chain does not hold
   * @throws IOException if an archive cannot be read
   */
  public static ArchiveChain read(Path newest) throws IOException {
    Path dir = newest.toAbsolutePath().normalize();
    Manifest last = ArchiveReader.readManifest(dir);
    List<ChainLink> chain = last.backupComponents().chain();
    List<Link> links = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      ChainLink named = chain.get(i);
      Path linkDir = named.resolveFrom(dir);
      if (!Files.isRegularFile(linkDir.resolve(Manifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
        problems.add(
            "link "
                + i
                + " of the chain, "
                + linkDir
                + " (a "
                + named.backupType()
                + " backup), is missing: an incremental or differential archive needs every"
                + " earlier archive of its chain, where it was when the backup was taken");
        continue;
      }
      String digest = digestOf(linkDir);
      if (!digest.equals(named.manifestSha256())) {
        problems.add(
            "link "
                + i
                + " of the chain, "
                + linkDir
                + ", is not the archive this backup was based on: its manifest's SHA-256 is "
                + digest
                + ", the chain records "
                + named.manifestSha256()
                + " (replaced or changed since)");
        continue;
      }
      Manifest m = ArchiveReader.readManifest(linkDir);
      problems.addAll(agreement(i, linkDir, m, chain));
      links.add(new Link(linkDir, m, digest));
    }
    if (!problems.isEmpty()) {
      throw new InvalidArchiveException("the chain of archive " + dir, problems);
    }
    links.add(new Link(dir, last, digestOf(dir)));
    List<String> stateProblems = new ArrayList<>();
    List<StateFile> state = stateOf(links, stateProblems);
    if (!stateProblems.isEmpty()) {
      throw new InvalidArchiveException("the chain of archive " + dir, stateProblems);
    }
    return new ArchiveChain(links, state);
  }

  /**
   * Reads the chain as {@link #read(Path)} does, then verifies every stored file of every link
   * (size and SHA-256), reporting them to {@code listener}.
   *
   * @throws InvalidArchiveException listing every problem
   * @throws IOException if an archive cannot be read
   */
  public static ArchiveChain verify(Path newest, ProgressListener listener) throws IOException {
    return read(newest).verifyContents(listener);
  }

  /**
   * Hashes every stored file of every link of this chain, as {@link #verify(Path,
   * ProgressListener)} does after reading it.
   *
   * @return this chain
   * @throws InvalidArchiveException listing every problem
   */
  ArchiveChain verifyContents(ProgressListener listener) throws IOException {
    for (Link link : links) {
      Manifest verified = ArchiveVerifier.verify(link.directory(), listener);
      if (!digestOf(link.directory()).equals(link.manifestSha256())
          || !verified.equals(link.manifest())) {
        throw changedWhileChecked(this, link);
      }
    }
    return this;
  }

  /**
   * Reads the chain as {@link #read(Path)} does, then checks every link's files as {@link
   * Restorer#inspect} does an archive's, all but their contents: exactly the files its manifest
   * names, each of its size, and no link or special file. A restore that hashes each file as it
   * writes it then reads the chain once.
   *
   * @throws InvalidArchiveException listing every problem
   * @throws IOException if an archive cannot be read
   */
  public static ArchiveChain inspect(Path newest) throws IOException {
    ArchiveChain chain = read(newest);
    for (Link link : chain.links) {
      ArchiveVerifier.inspectData(link.directory(), link.manifest());
    }
    return chain;
  }

  private static InvalidArchiveException changedWhileChecked(ArchiveChain chain, Link link) {
    return new InvalidArchiveException(
        "the chain of archive " + chain.newest().directory(),
        List.of(
            link.directory()
                + " changed while the chain was being read: run the command again once nothing writes to it"));
  }

  /** What link {@code i}'s own manifest says of the chain before it, against the newest's. */
  private static List<String> agreement(int i, Path linkDir, Manifest m, List<ChainLink> chain) {
    List<String> problems = new ArrayList<>();
    ChainLink named = chain.get(i);
    BackupComponents own = m.backupComponents();
    if (own.backupType() != named.backupType()
        || !m.snapshotSetId().equals(named.snapshotSetId())) {
      problems.add(
          "link " + i + ", " + linkDir + ", is not the " + named.backupType() + " backup named");
    }
    if (i == 0 && !own.chain().isEmpty()) {
      problems.add("link 0, " + linkDir + ", is not a full backup: it builds on another archive");
    }
    if (own.chain().size() > i) {
      problems.add("link " + i + ", " + linkDir + ", names a longer chain than comes before it");
    } else {
      // A differential's chain is its full backup only; an incremental's is everything before it.
      for (int j = 0; j < own.chain().size(); j++) {
        if (!own.chain().get(j).manifestSha256().equals(chain.get(j).manifestSha256())) {
          problems.add("link " + i + ", " + linkDir + ", builds on another archive than link " + j);
        }
      }
    }
    return problems;
  }

  /**
   * The newest link's state: its stored files, and the files it keeps, each found in the link its
   * chain names. Problems (a kept file not stored where named) are added to {@code problems}.
   */
  private static List<StateFile> stateOf(List<Link> links, List<String> problems) {
    int newest = links.size() - 1;
    Manifest m = links.get(newest).manifest();
    Map<Key, StateFile> state = new LinkedHashMap<>();
    for (FileEntry f : m.files()) {
      state.put(Key.of(f), new StateFile(f, newest));
    }
    List<ChainLink> chain = m.backupComponents().chain();
    for (CarriedFile c : m.backupComponents().carried()) {
      // The chain of the newest names its links by index; links[] holds them in the same order
      // (a differential's chain is a prefix of links, its full backup).
      int at = c.link();
      if (at >= newest || at >= chain.size()) {
        problems.add("kept file " + c.originalPath() + " names link " + at + ", not in the chain");
        continue;
      }
      FileEntry stored =
          links.get(at).manifest().files().stream()
              .filter(f -> Key.of(f).equals(Key.of(c)))
              .filter(f -> f.size() == c.size() && f.sha256().equals(c.sha256()))
              .findFirst()
              .orElse(null);
      if (stored == null) {
        problems.add(
            "kept file "
                + c.originalPath()
                + " is not stored in link "
                + at
                + " ("
                + links.get(at).directory()
                + ") with its size and SHA-256");
        continue;
      }
      FileEntry asOfThen =
          new FileEntry(
              c.writerId(),
              c.instanceName(),
              c.component(),
              c.originalPath(),
              stored.archivePath(),
              c.size(),
              c.sha256(),
              c.lastModified(),
              c.permissions());
      if (state.putIfAbsent(Key.of(c), new StateFile(asOfThen, at)) != null) {
        problems.add("file " + c.originalPath() + " is both stored and kept: refused");
      }
    }
    return new ArrayList<>(state.values());
  }

  /** The SHA-256 of the manifest in {@code archiveDir}, read bounded. */
  static String digestOf(Path archiveDir) throws IOException {
    Path file = archiveDir.resolve(Manifest.FILE_NAME);
    long max = ManifestLimits.standard().maxBytes();
    if (Files.size(file) > max) {
      throw new InvalidArchiveException(
          "archive " + archiveDir,
          List.of(ManifestCodec.tooBig(Files.size(file), ManifestLimits.standard())));
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(Math.toIntExact(max + 1));
      return HexFormat.of().formatHex(Hashing.sha256().digest(bytes));
    }
  }
}
