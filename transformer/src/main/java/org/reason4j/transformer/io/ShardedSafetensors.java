package org.reason4j.transformer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.tensor.io.SafetensorsFile;
import org.reason4j.tensor.io.SafetensorsInfo;

/**
 * The weights of a Hugging Face model directory, as one lazy name -> tensor view: either a single
 * {@code model.safetensors} or the shards listed by {@code model.safetensors.index.json} (its
 * {@code weight_map} names, for each tensor, the shard file that holds it). Opening reads only headers
 * and checks that every shard exists, lies inside the directory and holds every tensor the index puts
 * there; tensor data is read later, one tensor at a time.
 *
 * <p>It knows nothing about model layouts (that is {@link HfCheckpoint}). PyTorch's pickled
 * {@code pytorch_model.bin} is refused with a message that says so: unpickling runs arbitrary code and
 * is not something a dependency-free reader should do.
 */
public final class ShardedSafetensors implements AutoCloseable {
  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path source; // the directory, or the file when opened with openFile
  private final Map<String, SafetensorsFile> fileOf; // tensor name -> the open file that holds it
  private final List<SafetensorsFile> files;

  private ShardedSafetensors(Path source, Map<String, SafetensorsFile> fileOf, List<SafetensorsFile> files) {
    this.source = source;
    this.fileOf = fileOf;
    this.files = files;
  }

  /** Opens the weights of a model directory (single file preferred, as Hugging Face does). */
  public static ShardedSafetensors open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new CheckpointException(dir, "is not a directory (a Hugging Face checkpoint is a directory with config.json and model.safetensors)");
    if (Files.exists(dir.resolve(SINGLE_FILE))) return openFile(dir.resolve(SINGLE_FILE));
    if (Files.exists(dir.resolve(INDEX_FILE))) return openSharded(dir, dir.resolve(INDEX_FILE));
    if (Files.exists(dir.resolve("pytorch_model.bin")) || Files.exists(dir.resolve("pytorch_model.bin.index.json"))) {
      throw new CheckpointException(dir, "holds only pytorch_model.bin; PyTorch's pickle format is not supported, reason4j reads safetensors."
          + " Convert it once in Python: model.save_pretrained(dir, safe_serialization=True)");
    }
    throw new CheckpointException(dir, "has neither " + SINGLE_FILE + " nor " + INDEX_FILE);
  }

  /** One safetensors file of any name (a value head, a single shard) behind the same interface. */
  public static ShardedSafetensors openFile(Path file) throws IOException {
    SafetensorsFile f = SafetensorsFile.open(file);
    Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
    for (String name : f.names()) fileOf.put(name, f);
    return new ShardedSafetensors(file, fileOf, List.of(f));
  }

  private static ShardedSafetensors openSharded(Path dir, Path index) throws IOException {
    Map<String, String> weightMap = weightMap(index);
    Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
    Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : weightMap.entrySet()) {
        SafetensorsFile shard = shards.get(e.getValue());
        if (shard == null) {
          shard = SafetensorsFile.open(shardPath(dir, index, e.getKey(), e.getValue()));
          shards.put(e.getValue(), shard);
        }
        if (!shard.contains(e.getKey())) {
          throw new CheckpointException(index, "weight_map puts \"" + e.getKey() + "\" in " + e.getValue() + ", but that file holds no such tensor");
        }
        fileOf.put(e.getKey(), shard);
      }
    } catch (IOException | RuntimeException e) {
      for (SafetensorsFile f : shards.values()) f.close();
      throw e;
    }
    return new ShardedSafetensors(dir, fileOf, new ArrayList<>(shards.values()));
  }

  /** The index's {@code weight_map}, checked to be an object of strings. */
  private static Map<String, String> weightMap(Path index) throws CheckpointException {
    Object raw = Json.readObject(index).get("weight_map");
    if (!(raw instanceof Map<?, ?> map)) throw new CheckpointException(index, "has no \"weight_map\" object");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String file)) {
        throw new CheckpointException(index, "weight_map entry \"" + e.getKey() + "\" must name a file, got " + Json.write(e.getValue()));
      }
      out.put((String) e.getKey(), file);
    }
    if (out.isEmpty()) throw new CheckpointException(index, "weight_map is empty");
    return out;
  }

  /** A shard must be a plain file next to the index: the index never sends the reader elsewhere. */
  private static Path shardPath(Path dir, Path index, String tensor, String shard) throws CheckpointException {
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(shard).normalize();
    if (shard.isEmpty() || !base.equals(p.getParent())) {
      throw new CheckpointException(index, "weight_map puts \"" + tensor + "\" in \"" + shard + "\", which is not a file in " + dir);
    }
    if (!Files.isRegularFile(p)) {
      throw new CheckpointException(index, "weight_map puts \"" + tensor + "\" in " + shard + ", which does not exist");
    }
    return p;
  }

  /** The model directory, or the file for {@link #openFile}: what messages name. */
  public Path source() {
    return source;
  }

  /** Every tensor name, in file order (single file) or index order (shards). */
  public List<String> names() {
    return List.copyOf(fileOf.keySet());
  }

  public boolean contains(String name) {
    return fileOf.containsKey(name);
  }

  /** The file that holds a tensor. */
  public Path fileOf(String name) throws CheckpointException {
    return file(name).path();
  }

  /** The tensor's name and the file name it lives in, for messages: {@code "x.weight" in model.safetensors}. */
  public String where(String name) throws CheckpointException {
    return name + " in " + file(name).path().getFileName();
  }

  public SafetensorsInfo info(String name) throws IOException {
    return file(name).info(name);
  }

  /** Reads one tensor converted to {@code dtype} (BF16/F16 to F32 in one pass over the mapped bytes). */
  public Tensor readAs(String name, DType dtype) throws IOException {
    return file(name).readAs(name, dtype);
  }

  private SafetensorsFile file(String name) throws CheckpointException {
    SafetensorsFile f = fileOf.get(name);
    if (f == null) throw new CheckpointException(source, "no tensor named \"" + name + "\" in the checkpoint");
    return f;
  }

  @Override
  public void close() throws IOException {
    for (SafetensorsFile f : files) f.close();
  }
}
