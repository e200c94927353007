package org.reason4j.tensor.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.DType;

/**
 * Every way a safetensors file can be broken gets a clear error naming the file and the fault, and no
 * length read off disk is trusted before it is checked: each test crafts one bad file.
 */
class SafetensorsRejectTest {
  @TempDir Path dir;

  /** 8-byte little-endian length, the header bytes, then {@code dataBytes} zero bytes. */
  private Path file(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return raw(withLength(h.length, h, dataBytes));
  }

  private static byte[] withLength(long n, byte[] header, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).put(header);
    return b.array();
  }

  private Path raw(byte[] bytes) throws IOException {
    Path f = Files.createTempFile(dir, "bad", ".safetensors");
    Files.write(f, bytes);
    return f;
  }

  /** Opening fails with a SafetensorsException whose message names the file and contains the fault. */
  private static SafetensorsException rejects(Path f, String fault) {
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(f).close());
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fault), "expected '" + fault + "' in: " + e.getMessage());
    return e;
  }

  private static String tensor(String name, String dtype, String shape, String offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  }

  // ------------------------------------------------------------------ the length field

  @Test
  void fileShorterThanTheLengthField() throws IOException {
    rejects(raw(new byte[5]), "the file is 5 bytes, too short for the 8-byte header length");
    rejects(raw(new byte[0]), "the file is 0 bytes");
  }

  @Test
  void headerLengthEqualToTheFileSizeRunsPastTheEnd() throws IOException {
    rejects(raw(withLength(16, "{}      ".getBytes(StandardCharsets.US_ASCII), 0)), "the header length 16 runs past the end of the file (16 bytes)");
  }

  @Test
  void headerLengthOf2To63IsReadUnsignedAndRejected() throws IOException {
    rejects(raw(withLength(1L << 63, new byte[8], 0)), "the header length 9223372036854775808 runs past the end");
    rejects(raw(withLength(-1L, new byte[8], 0)), "the header length 18446744073709551615 runs past the end");
  }

  @Test
  void aSixteenByteFileClaimingATerabyteHeaderFailsFastWithoutAllocating() throws IOException {
    // An OutOfMemoryError here would be an Error, not the expected exception, and fail the test.
    rejects(raw(withLength(1L << 40, new byte[8], 0)), "the header length 1099511627776 runs past the end of the file (16 bytes)");
  }

  @Test
  void headerOverTheLimitIsRejectedBeforeReadingIt() throws IOException {
    Path f = dir.resolve("huge.safetensors");
    long n = SafetensorsFile.MAX_HEADER_BYTES + 1;
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(8 + n); // sparse: costs no disk
      r.write(withLength(n, new byte[0], 0));
    }
    rejects(f, "the header length 100000001 exceeds the limit of 100000000 bytes");
  }

  // ------------------------------------------------------------------ the JSON text

  @Test
  void headerThatIsNotJson() throws IOException {
    rejects(file("{\"a\": ", 0), "the header is not valid JSON");
    rejects(file("{} x", 0), "the header is not valid JSON");
  }

  @Test
  void headerThatDoesNotStartWithABrace() throws IOException {
    rejects(file(" {}", 0), "must start with '{' but found byte 0x20");
    rejects(file("[{}]", 0), "must start with '{' but found byte 0x5b");
    rejects(file("\"abc\"", 0), "must start with '{'");
    rejects(file("", 0), "must start with '{' but found an empty header");
  }

  @Test
  void headerThatIsNotUtf8() throws IOException {
    byte[] h = {'{', '"', (byte) 0xFF, '"', ':', '1', '}', ' '};
    rejects(raw(withLength(h.length, h, 0)), "the header is not valid UTF-8");
  }

  @Test
  void metadataMustMapStringsToStrings() throws IOException {
    rejects(file("{\"__metadata__\":{\"epoch\":3}}", 0), "\"__metadata__\" value for \"epoch\" must be a string, got the number 3");
    rejects(file("{\"__metadata__\":[1]}", 0), "\"__metadata__\" must be an object of strings, got an array");
  }

  // ------------------------------------------------------------------ tensor entries

  @Test
  void entryThatIsNotAnObject() throws IOException {
    rejects(file("{\"w\":[1,2]}", 0), "tensor \"w\": entry must be an object, got an array");
  }

  @Test
  void entryMissingAField() throws IOException {
    rejects(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor \"w\": missing \"dtype\"");
    rejects(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor \"w\": missing \"shape\"");
    rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor \"w\": missing \"data_offsets\"");
  }

  @Test
  void entryWithWrongTypes() throws IOException {
    rejects(file("{" + tensor("w", "F32", "[1]", "[0,4]").replace("\"F32\"", "32") + "}", 4), "\"dtype\" must be a string, got the number 32");
    rejects(file("{" + tensor("w", "F32", "\"1\"", "[0,4]") + "}", 4), "\"shape\" must be an array, got a string");
    rejects(file("{" + tensor("w", "F32", "[1]", "{}") + "}", 4), "\"data_offsets\" must be an array, got an object");
    rejects(file("{" + tensor("w", "F32", "[1]", "[4]") + "}", 4), "must hold exactly two numbers [begin, end], got 1");
    rejects(file("{" + tensor("w", "F32", "[1]", "[0,4.0]") + "}", 4), "\"data_offsets\" must hold non-negative integers, got 4.0");
    rejects(file("{" + tensor("w", "F32", "[1]", "[-4,0]") + "}", 4), "\"data_offsets\" must hold non-negative integers, got -4");
  }

  @Test
  void unknownDtype() throws IOException {
    rejects(file("{" + tensor("w", "F33", "[1]", "[0,4]") + "}", 4), "tensor \"w\": unknown dtype \"F33\"");
    rejects(file("{" + tensor("w", "f32", "[1]", "[0,4]") + "}", 4), "unknown dtype \"f32\""); // names are case-sensitive
  }

  @Test
  void negativeOrNonIntegerDimensions() throws IOException {
    rejects(file("{" + tensor("w", "F32", "[-1]", "[0,4]") + "}", 4), "\"shape\" must hold non-negative integers, got -1");
    rejects(file("{" + tensor("w", "F32", "[1.5]", "[0,4]") + "}", 4), "\"shape\" must hold non-negative integers, got 1.5");
    rejects(file("{" + tensor("w", "F32", "[1e0]", "[0,4]") + "}", 4), "\"shape\" must hold non-negative integers, got 1.0");
    rejects(file("{" + tensor("w", "F32", "[true]", "[0,4]") + "}", 4), "got true");
  }

  @Test
  void dimensionBeyondTheIntRange() throws IOException {
    rejects(file("{" + tensor("w", "U8", "[3000000000]", "[0,3000000000]") + "}", 0), "dimension 3000000000 of the shape exceeds 2^31-1");
  }

  @Test
  void byteCountThatDisagreesWithTheShape() throws IOException {
    rejects(file("{" + tensor("w", "F32", "[2]", "[0,4]") + "}", 4), "F32 shape [2] needs 8 bytes but the offsets span 4");
    rejects(file("{" + tensor("w", "BF16", "[]", "[0,4]") + "}", 4), "BF16 shape [] needs 2 bytes but the offsets span 4");
  }

  @Test
  void elementCountThatOverflows() throws IOException {
    String big = "[2147483647,2147483647,2147483647]";
    rejects(file("{" + tensor("w", "F32", big, "[0,0]") + "}", 0), "the byte size of shape [2147483647, 2147483647, 2147483647] overflows 64 bits");
    // numel fits in 63 bits, numel * 8 does not
    rejects(file("{" + tensor("w", "F64", "[2147483647,2147483647,2]", "[0,0]") + "}", 0), "overflows 64 bits");
  }

  @Test
  void offsetsBeyondTheFile() throws IOException {
    rejects(file("{" + tensor("w", "F32", "[4]", "[0,16]") + "}", 8), "tensor \"w\" (data_offsets [0, 16]): runs past the end of the file (the data buffer holds 8 bytes)");
  }

  @Test
  void endBeforeBegin() throws IOException {
    rejects(file("{" + tensor("w", "F32", "[2]", "[8,0]") + "}", 8), "tensor \"w\" (data_offsets [8, 0]): end is before begin");
  }

  @Test
  void overlappingTensors() throws IOException {
    String h = "{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "F32", "[2]", "[4,12]") + "}";
    rejects(file(h, 12), "tensor \"b\" (data_offsets [4, 12]): overlaps tensor \"a\", which ends at 8");
  }

  @Test
  void twoTensorsClaimingTheSameBytes() throws IOException {
    String h = "{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "I32", "[2]", "[0,8]") + "}";
    rejects(file(h, 8), "overlaps tensor");
  }

  @Test
  void holeBetweenTensors() throws IOException {
    String h = "{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "F32", "[2]", "[12,20]") + "}";
    rejects(file(h, 20), "tensor \"b\" (data_offsets [12, 20]): bytes [8, 12) of the data buffer belong to no tensor");
  }

  @Test
  void holeBeforeTheFirstTensor() throws IOException {
    rejects(file("{" + tensor("a", "F32", "[2]", "[4,12]") + "}", 12), "bytes [0, 4) of the data buffer belong to no tensor");
  }

  @Test
  void trailingBytesThatNoTensorCovers() throws IOException {
    rejects(file("{" + tensor("a", "F32", "[2]", "[0,8]") + "}", 12), "bytes [8, 12) of the data buffer belong to no tensor (the tensors must cover it exactly)");
    rejects(file("{}", 3), "bytes [0, 3) of the data buffer belong to no tensor");
  }

  @Test
  void aDuplicatedNameCannotHideData() throws IOException {
    // The JSON reader keeps the last of two equal keys; the bytes of the first then belong to no tensor.
    String h = "{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("a", "F32", "[2]", "[8,16]") + "}";
    rejects(file(h, 16), "bytes [0, 8) of the data buffer belong to no tensor");
  }

  @Test
  void aDirectoryIsNotAFile() {
    rejects(dir, "is a directory");
  }

  // ------------------------------------------------------------------ what the reference accepts

  @Test
  void acceptsPaddingEmptyTensorsUnknownEntryFieldsAndAnyKeyOrder() throws IOException {
    String h = "{" + tensor("b", "F32", "[2]", "[8,16]") + "," + tensor("a", "I32", "[2]", "[0,8]") + ","
        + tensor("e", "F32", "[0,3]", "[16,16]") + ",\"__metadata__\":null,"
        + "\"x\":{\"dtype\":\"BOOL\",\"shape\":[0],\"data_offsets\":[16,16],\"note\":\"ignored\"}}   \n\t ";
    try (SafetensorsFile f = SafetensorsFile.open(file(h, 16))) {
      assertEquals(List.of("a", "b", "e", "x"), f.names()); // data order, ties broken by end
      assertEquals(0, f.read("e").numel());
      assertTrue(f.metadata().isEmpty());
    }
    try (SafetensorsFile f = SafetensorsFile.open(file("{}", 0))) {
      assertTrue(f.names().isEmpty());
    }
  }

  // ------------------------------------------------------------------ reads

  @Test
  void readingAnAbsentTensorNamesIt() throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(file("{" + tensor("a", "F32", "[1]", "[0,4]") + "}", 4))) {
      SafetensorsException e = assertThrows(SafetensorsException.class, () -> f.read("b"));
      assertTrue(e.getMessage().contains("no tensor named \"b\" (the file holds 1 tensors)"), e.getMessage());
    }
  }

  @Test
  void floatsAreNotReadAsIntegersAndNarrowingIsChecked() throws IOException {
    Path p = file("{" + tensor("f", "F32", "[2]", "[0,8]") + "," + tensor("i", "I64", "[2]", "[8,24]") + ","
        + tensor("u", "U64", "[1]", "[24,32]") + "}", 32);
    try (RandomAccessFile r = new RandomAccessFile(p.toFile(), "rw")) {
      long data = r.length() - 32;
      r.seek(data + 16);
      r.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(-1L).array());
    }
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertTrue(assertThrows(SafetensorsException.class, () -> f.readAs("f", DType.I32)).getMessage()
          .contains("tensor \"f\" (F32) cannot be read as I32: floating-point data is not rounded"));
      assertTrue(assertThrows(SafetensorsException.class, () -> f.readAs("f", DType.BOOL)).getMessage()
          .contains("only BOOL and U8 data can be read as BOOL"));
      assertTrue(assertThrows(SafetensorsException.class, () -> f.readAs("i", DType.I32)).getMessage()
          .contains("tensor \"i\": element 1 = 1099511627776 does not fit I32"));
      assertTrue(assertThrows(SafetensorsException.class, () -> f.read("u")).getMessage()
          .contains("tensor \"u\" is U64, which no reason4j dtype holds as is; readAs(name, DType.I32, I64 or F32) widens it"));
      assertTrue(assertThrows(SafetensorsException.class, () -> f.readAs("u", DType.I64)).getMessage()
          .contains("element 0 = 18446744073709551615 does not fit I64"));
      assertEquals(1.8446744073709552e19, f.readAs("u", DType.F64).item());
    }
  }

  @Test
  void aFileThatShrankAfterOpenIsNotMappedPastItsEnd() throws IOException {
    Path p = file("{" + tensor("a", "F32", "[4]", "[0,16]") + "}", 16);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
        c.truncate(c.size() - 8);
      }
      SafetensorsException e = assertThrows(SafetensorsException.class, () -> f.read("a"));
      assertTrue(e.getMessage().contains("the file changed size since it was opened"), e.getMessage());
    }
  }

  @Test
  void readingAfterCloseSaysSo() throws IOException {
    SafetensorsFile f = SafetensorsFile.open(file("{" + tensor("a", "F32", "[1]", "[0,4]") + "}", 4));
    f.close();
    assertTrue(assertThrows(SafetensorsException.class, () -> f.read("a")).getMessage().contains("the file is closed"));
  }
}
