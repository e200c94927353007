package org.reason4j.rl.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.tensor.io.SafetensorsFile;
import org.reason4j.tensor.io.SafetensorsWriter;

/**
 * Saves and loads {@link Checkpoint}s as a folder:
 * <pre>
 * runs/grpo/checkpoint-120/
 *   model.safetensors       weights, Hugging Face names (PyTorch's safetensors loads it as is)
 *   optimizer.safetensors   optimizer tensors; its metadata holds the optimizer scalars as JSON
 *   trainer_state.json      format version, step, RNG streams, data position, resolved config, extra
 * </pre>
 *
 * <h2>Atomic replacement</h2>
 * {@link #save} writes everything into a hidden sibling {@code .checkpoint-120.tmp-*}, forces each file
 * and the folder to disk, then renames it into place. An existing checkpoint of the same name is first
 * renamed aside to {@code .checkpoint-120.old-*} and deleted only after the new one is in. So after a crash
 * at any point the final name holds a complete checkpoint (the old or the new) or, briefly, nothing while
 * the complete old one waits aside; {@link #recover} (run by save, load and latest) puts it back and
 * deletes the other leftovers. One process writes a run folder at a time.
 *
 * <p>It is not an optimizer or model serialiser: trainers turn their state into the maps of a Checkpoint.
 */
public final class CheckpointIO {
  public static final int FORMAT_VERSION = 1;
  public static final String MODEL_FILE = "model.safetensors";
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  public static final String STATE_FILE = "trainer_state.json";

  private static final String STATE_FORMAT = "reason4j-checkpoint";
  private static final String OPTIMIZER_FORMAT = "reason4j-optimizer";
  private static final String TEMP = ".tmp-";
  private static final String ASIDE = ".old-";
  private static final String DOOMED = ".del-";
  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");
  private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.(tmp|old|del)-[0-9]+-[0-9]+");
  private static final AtomicLong COUNTER = new AtomicLong();

  /** The points of a save where the tests inject a failure or a crash. */
  enum Stage { MODEL_WRITTEN, OPTIMIZER_WRITTEN, STATE_WRITTEN, OLD_MOVED_ASIDE, NEW_MOVED_IN }

  /** A test hook called at each stage; production code passes {@link #NONE}. */
  interface Faults {
    void at(Stage stage) throws IOException;
  }

  private static final Faults NONE = stage -> {};

  private CheckpointIO() {}

  /** Writes the checkpoint to {@code dir} (e.g. {@code runs/x/checkpoint-120}), atomically replacing one already there. */
  public static void save(Path dir, Checkpoint checkpoint) throws IOException {
    save(dir, checkpoint, NONE);
  }

  static void save(Path dir, Checkpoint checkpoint, Faults faults) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    // JSON first: a value that is not JSON-able fails here, before anything on disk changes.
    String state = stateJson(target, checkpoint);
    Map<String, String> optimizerMetadata = Map.of(
        "format", OPTIMIZER_FORMAT, "format_version", String.valueOf(FORMAT_VERSION), "state", json(target, checkpoint.optimizerState(), null));
    Files.createDirectories(parent);
    recover(target);
    Path temp = parent.resolve("." + name + TEMP + unique());
    Files.createDirectory(temp);
    try {
      SafetensorsWriter.write(temp.resolve(MODEL_FILE), checkpoint.model(), Map.of("format", "pt"));
      faults.at(Stage.MODEL_WRITTEN);
      SafetensorsWriter.write(temp.resolve(OPTIMIZER_FILE), checkpoint.optimizer(), optimizerMetadata);
      faults.at(Stage.OPTIMIZER_WRITTEN);
      writeDurably(temp.resolve(STATE_FILE), state);
      faults.at(Stage.STATE_WRITTEN);
      syncDirectory(temp);
      moveIntoPlace(temp, target, faults);
    } catch (IOException | RuntimeException e) {
      // A failure (not a crash: Errors pass through untouched, as a killed process would leave things)
      // is cleaned up now, leaving the previous checkpoint, if any, under the final name.
      try {
        recover(target);
      } catch (IOException | RuntimeException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  private static void moveIntoPlace(Path temp, Path target, Faults faults) throws IOException {
    Path parent = target.getParent();
    Path aside = null;
    if (Files.exists(target)) {
      aside = parent.resolve("." + target.getFileName() + ASIDE + unique());
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(parent);
      faults.at(Stage.OLD_MOVED_ASIDE);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(parent);
    faults.at(Stage.NEW_MOVED_IN);
    if (aside != null) deleteTree(aside);
  }

  /**
   * Saves as {@code runDir/checkpoint-<step>} and deletes all but the {@code keepLast} newest
   * checkpoints of the run. Returns the new checkpoint's folder.
   */
  public static Path saveInRun(Path runDir, Checkpoint checkpoint, int keepLast) throws IOException {
    Path dir = runDir.resolve("checkpoint-" + checkpoint.step());
    save(dir, checkpoint);
    prune(runDir, keepLast);
    return dir;
  }

  /**
   * Repairs what an interrupted save or prune left around {@code dir}: deletes unfinished and doomed
   * copies and, when the final name is empty but a complete old checkpoint waits aside, renames it back.
   * Returns true if anything changed.
   */
  public static boolean recover(Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) return false;
    String name = target.getFileName().toString();
    List<Path> asides = new ArrayList<>();
    boolean changed = false;
    for (Path p : leftovers(parent)) {
      Matcher m = LEFTOVER.matcher(p.getFileName().toString());
      if (!m.matches() || !m.group(1).equals(name)) continue;
      if (m.group(2).equals("old")) {
        asides.add(p);
      } else {
        deleteTree(p);
        changed = true;
      }
    }
    if (!asides.isEmpty() && !Files.exists(target)) {
      asides.sort(Comparator.comparing(CheckpointIO::modified).reversed());
      Files.move(asides.remove(0), target, StandardCopyOption.ATOMIC_MOVE);
      changed = true;
    }
    for (Path p : asides) {
      deleteTree(p);
      changed = true;
    }
    if (changed) syncDirectory(parent);
    return changed;
  }

  private static List<Path> leftovers(Path parent) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()).toList();
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  // ------------------------------------------------------------------ run folders

  /** The run's {@code checkpoint-<step>} folders, oldest step first, after repairing leftovers. */
  public static List<Path> list(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) return List.of();
    TreeSet<String> names = new TreeSet<>();
    for (Path p : leftovers(runDir)) {
      Matcher m = LEFTOVER.matcher(p.getFileName().toString());
      if (m.matches()) names.add(m.group(1));
    }
    for (String n : names) recover(runDir.resolve(n));
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(runDir)) {
      s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)).forEach(found::add);
    }
    found.sort(Comparator.comparingLong(CheckpointIO::stepOf));
    return found;
  }

  /** The checkpoint with the highest step (numerically: 120 is after 99), if any. */
  public static Optional<Path> latest(Path runDir) throws IOException {
    List<Path> all = list(runDir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Deletes all but the {@code keepLast} newest checkpoints; each is renamed aside first, so none is ever half-deleted. */
  public static List<Path> prune(Path runDir, int keepLast) throws IOException {
    if (keepLast < 1) throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
    List<Path> all = list(runDir);
    List<Path> deleted = new ArrayList<>();
    for (Path p : all.subList(0, Math.max(0, all.size() - keepLast))) {
      Path doomed = runDir.resolve("." + p.getFileName() + DOOMED + unique());
      Files.move(p, doomed, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(doomed);
      deleted.add(p);
    }
    return deleted;
  }

  private static long stepOf(Path checkpointDir) {
    Matcher m = CHECKPOINT.matcher(checkpointDir.getFileName().toString());
    if (!m.matches()) return -1;
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  // ------------------------------------------------------------------ loading

  /** Reads a whole checkpoint into CPU tensors and maps; errors name the file and the problem. */
  public static Checkpoint load(Path dir) throws IOException {
    Path target = present(dir);
    Map<String, Object> state = readState(target.resolve(STATE_FILE));
    Map<String, Tensor> model = readTensors(target.resolve(MODEL_FILE));
    Path optimizerFile = target.resolve(OPTIMIZER_FILE);
    Map<String, Tensor> optimizer = readTensors(optimizerFile);
    Map<String, Object> optimizerState = readOptimizerState(optimizerFile);
    return new Checkpoint(
        (Long) state.get("step"),
        model,
        optimizer,
        optimizerState,
        rngStates(target.resolve(STATE_FILE), state.get("rng")),
        mapField(target.resolve(STATE_FILE), state, "data_position"),
        mapField(target.resolve(STATE_FILE), state, "config"),
        mapField(target.resolve(STATE_FILE), state, "extra"));
  }

  /** Only the weights, for evaluation or export: the optimizer state (often twice the model) is not read. */
  public static Map<String, Tensor> loadModel(Path dir) throws IOException {
    Path target = present(dir);
    readState(target.resolve(STATE_FILE)); // the version check applies here too
    return readTensors(target.resolve(MODEL_FILE));
  }

  private static Path present(Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    recover(target);
    if (!Files.isDirectory(target)) throw new CheckpointException(dir, "no checkpoint folder here");
    for (String part : List.of(MODEL_FILE, OPTIMIZER_FILE, STATE_FILE)) {
      if (!Files.isRegularFile(target.resolve(part))) {
        throw new CheckpointException(dir.resolve(part), "missing; a checkpoint holds " + MODEL_FILE + ", " + OPTIMIZER_FILE + " and " + STATE_FILE);
      }
    }
    return target;
  }

  private static Map<String, Object> readState(Path file) throws IOException {
    Map<String, Object> state;
    try {
      state = Json.readObject(file);
    } catch (Json.JsonException e) {
      throw new CheckpointException(file, "corrupt: " + e.getMessage().replace(file + ": ", ""), e);
    }
    if (!STATE_FORMAT.equals(state.get("format"))) throw new CheckpointException(file, "not a reason4j trainer state (\"format\" is " + Json.write(state.get("format")) + ")");
    checkVersion(file, state.get("format_version"));
    if (!(state.get("step") instanceof Long step) || step < 0) {
      throw new CheckpointException(file, "\"step\" must be a non-negative integer, got " + Json.write(state.get("step")));
    }
    return state;
  }

  private static void checkVersion(Path file, Object version) throws CheckpointException {
    long v;
    if (version instanceof Long l) v = l;
    else if (version instanceof String s && s.matches("\\d{1,9}")) v = Long.parseLong(s);
    else throw new CheckpointException(file, "no valid \"format_version\" (got " + Json.write(version) + ")");
    if (v > FORMAT_VERSION) {
      throw new CheckpointException(file, "format version " + v + " is newer than this reason4j reads (" + FORMAT_VERSION + "); update reason4j");
    }
    if (v < 1) throw new CheckpointException(file, "unknown format version " + v);
  }

  private static Map<String, Tensor> readTensors(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (String name : f.names()) out.put(name, f.read(name));
    }
    return out;
  }

  private static Map<String, Object> readOptimizerState(Path file) throws IOException {
    Map<String, String> meta;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      meta = f.metadata();
    }
    if (!OPTIMIZER_FORMAT.equals(meta.get("format"))) throw new CheckpointException(file, "not a reason4j optimizer file (metadata \"format\" is " + Json.write(meta.get("format")) + ")");
    checkVersion(file, meta.get("format_version"));
    try {
      Object v = Json.parse(meta.getOrDefault("state", "{}"), file + " metadata \"state\"");
      if (v instanceof Map<?, ?>) return castMap(v);
      throw new CheckpointException(file, "metadata \"state\" is not a JSON object");
    } catch (Json.JsonException e) {
      throw new CheckpointException(file, "corrupt optimizer state: " + e.getMessage(), e);
    }
  }

  private static Map<String, long[]> rngStates(Path file, Object rng) throws CheckpointException {
    Map<String, long[]> out = new LinkedHashMap<>();
    if (rng == null) return out;
    if (!(rng instanceof Map<?, ?> m)) throw new CheckpointException(file, "\"rng\" must be an object of named streams");
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Long)) {
        throw new CheckpointException(file, "rng stream \"" + e.getKey() + "\" must be a list of integers");
      }
      out.put((String) e.getKey(), l.stream().mapToLong(x -> (Long) x).toArray());
    }
    return out;
  }

  private static Map<String, Object> mapField(Path file, Map<String, Object> state, String key) throws CheckpointException {
    Object v = state.get(key);
    if (v == null) return Map.of();
    if (v instanceof Map<?, ?>) return castMap(v);
    throw new CheckpointException(file, "\"" + key + "\" must be a JSON object");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object v) {
    return (Map<String, Object>) v;
  }

  // ------------------------------------------------------------------ writing helpers

  private static String stateJson(Path target, Checkpoint c) throws CheckpointException {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("format", STATE_FORMAT);
    state.put("format_version", (long) FORMAT_VERSION);
    state.put("step", c.step());
    Map<String, Object> rng = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : c.rng().entrySet()) rng.put(e.getKey(), e.getValue());
    state.put("rng", rng);
    state.put("data_position", c.dataPosition());
    state.put("config", c.config());
    state.put("extra", c.extra());
    return json(target, state, "  ");
  }

  private static String json(Path target, Object value, String indent) throws CheckpointException {
    try {
      return indent == null ? Json.write(value) : Json.writePretty(value, indent);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(target, "the checkpoint holds a value JSON cannot store: " + e.getMessage(), e);
    }
  }

  private static void writeDurably(Path file, String text) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) out.write(buf);
      out.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Windows cannot open a folder this way; the renames are still atomic, only their durability waits for the OS.
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static String unique() {
    return ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
  }
}
