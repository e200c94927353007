package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Distribution;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.UnaryOp;

/**
 * What can be checked about the kernels without a GPU: every kernel Java launches exists in the committed
 * PTX with exactly the parameters Java passes, each module targets the architecture Java loads it for,
 * and the op and dtype codes agree with the #defines the CUDA sources use.
 */
class KernelTableTest {
  private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(([^)]*)\\)");
  private static final Pattern PARAM = Pattern.compile("\\.param\\s+(\\.align \\d+ )?(\\.\\w+)\\s+\\w+(\\[\\d+\\])?");
  private static final Pattern DEFINE = Pattern.compile("#define (\\w+) (-?\\d+)");

  static String ptx(Kernel.Module m) throws IOException {
    try (InputStream in = KernelTableTest.class.getResourceAsStream(m.resource())) {
      assertNotNull(in, m.resource() + " is missing: run tools/cuda/build-ptx.sh");
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Each entry of a PTX module with its parameter declarations normalised like Arg.ptx. */
  static Map<String, List<String>> entries(String ptx) {
    Map<String, List<String>> out = new HashMap<>();
    Matcher e = ENTRY.matcher(ptx);
    while (e.find()) {
      List<String> params = new ArrayList<>();
      Matcher p = PARAM.matcher(e.group(2));
      while (p.find()) {
        String align = p.group(1) == null ? "" : p.group(1);
        params.add(align + p.group(2) + (p.group(3) == null ? "" : p.group(3)));
      }
      out.put(e.group(1), params);
    }
    return out;
  }

  @Test
  void everyKernelExistsInItsModuleWithTheParametersJavaPasses() throws IOException {
    for (Kernel.Module m : Kernel.Module.values()) {
      String text = ptx(m);
      assertTrue(text.contains(".target sm_" + m.minArch + "\n"), m.file + ".ptx must target sm_" + m.minArch);
      Map<String, List<String>> entries = entries(text);
      for (Kernel k : Kernel.values()) {
        if (k.module != m) continue;
        List<String> actual = entries.get(k.symbol);
        assertNotNull(actual, k.symbol + " is not an entry of " + m.file + ".ptx");
        List<String> expected = new ArrayList<>();
        for (Arg a : k.params) expected.add(a.ptx);
        assertEquals(expected, actual, "parameters of " + k.symbol);
      }
    }
  }

  @Test
  void launchesWithTheWrongArgumentsAreRefusedBeforeTheDriverSeesThem() {
    Kernel k = Kernel.FILL_BITS8;
    k.checkArgs(3, new Arg.Ptr(0), 7L);
    assertThrows(IllegalArgumentException.class, () -> k.checkArgs(3, new Arg.Ptr(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.checkArgs(3, new Arg.Ptr(0), 7));
    assertTrue(e.getMessage().contains("parameter 2 of fill_bits8 must be I64"), e.getMessage());
  }

  static Map<String, Integer> defines(String file) throws IOException {
    Path p = Path.of("src/main/cuda", file);
    assertTrue(Files.exists(p), p.toAbsolutePath() + " is missing");
    Map<String, Integer> out = new HashMap<>();
    Matcher m = DEFINE.matcher(Files.readString(p));
    while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
    return out;
  }

  @Test
  void opAndDtypeCodesAgreeWithTheCudaHeaders() throws IOException {
    Map<String, Integer> h = defines("common.cuh");
    for (DType t : DType.values()) assertEquals(h.get("DT_" + t.name()), CudaCodes.dtype(t), "DT_" + t);
    for (UnaryOp op : UnaryOp.values()) assertEquals(h.get("U_" + op.name()), CudaCodes.unary(op), "U_" + op);
    for (BinaryOp op : BinaryOp.values()) assertEquals(h.get("B_" + op.name()), CudaCodes.binary(op), "B_" + op);
    for (ReduceOp op : ReduceOp.values()) {
      if (op != ReduceOp.LOGSUMEXP) assertEquals(h.get("R_" + op.name()), CudaCodes.reduce(op), "R_" + op);
    }
    assertEquals(h.get("R_EXPSUM"), CudaCodes.REDUCE_EXPSUM);
    for (CudaCodes.ErrorCode c : CudaCodes.ErrorCode.values()) assertEquals(h.get("E_" + c.name()), c.code, "E_" + c);
    for (CudaCodes.ErrorOp o : CudaCodes.ErrorOp.values()) assertEquals(h.get("OP_" + o.name()), o.code, "OP_" + o);
    assertEquals(h.get("MAX_RANK"), Layout.MAX_RANK);
    Map<String, Integer> r = defines("random.cu");
    for (Distribution d : Distribution.values()) assertEquals(r.get("D_" + d.name()), CudaCodes.distribution(d), "D_" + d);
  }

  @Test
  void deviceErrorsBecomeTheCpuBackendsExceptions() {
    RuntimeException e = CudaCodes.exception(1, 1, 10, 5, "cuda:0");
    assertInstanceOf(IndexOutOfBoundsException.class, e);
    assertTrue(e.getMessage().startsWith("indexSelect: index 10 is out of range [0, 5)"), e.getMessage());
    e = CudaCodes.exception(2, 5, 7, 0, "cuda:0");
    assertInstanceOf(ArithmeticException.class, e);
    assertTrue(e.getMessage().startsWith("div: integer division by zero"), e.getMessage());
    e = CudaCodes.exception(3, 6, 9, 4, "cuda:1");
    assertTrue(e.getMessage().startsWith("crossEntropy: target 9 is outside the vocabulary of 4"), e.getMessage());
    assertTrue(e.getMessage().contains("cuda:1"), e.getMessage());
  }

  @Test
  void tensorCoreKernelsAreChosenByLayoutAndTheVectorTestRespectsAlignment() {
    assertEquals(Kernel.GEMM_TF32_KN, CudaGemm.tensorCoreKernel(GemmPath.TF32, true, true));
    assertEquals(Kernel.GEMM_BF16_MK, CudaGemm.tensorCoreKernel(GemmPath.BF16, false, false));
    assertEquals(Kernel.GEMM_TF32_MN, CudaGemm.tensorCoreKernel(GemmPath.TF32, false, true));
    org.reason4j.tensor.Tensor a = org.reason4j.tensor.Tensor.zeros(2, 8, 12);
    assertTrue(CudaGemm.vectorizable(a, 2, 1));
    assertFalse(CudaGemm.vectorizable(a, 1, 2), "m has stride 12, not 1");
    assertTrue(CudaGemm.vectorizable(a.transpose(1, 2), 1, 2), "the transpose stores m contiguously");
    assertFalse(CudaGemm.vectorizable(a.slice(2, 1, 12), 2, 1), "offset 1 breaks 16-byte alignment");
    assertFalse(CudaGemm.vectorizable(org.reason4j.tensor.Tensor.zeros(2, 8, 10), 2, 1), "row stride 10");
  }
}
