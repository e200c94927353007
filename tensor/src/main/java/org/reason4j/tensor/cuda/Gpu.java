package org.reason4j.tensor.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD16Async;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * One CUDA device opened through the driver API: its primary context, the one stream every kernel and
 * copy of the backend goes to, the kernel modules (PTX resources, loaded once each, on first use) and
 * the raw memory calls. Every driver result is checked; a failure throws with the call and the CUDA
 * error name. Together with {@link CublasGemm} this is the only code that touches JCuda types.
 *
 * <p>The stream is a blocking one, so the synchronous host copies (cuMemcpyHtoD/DtoH, which run on the
 * legacy default stream) wait for the kernels queued before them: a download is the synchronisation.
 */
final class Gpu implements GpuDevice {
  /** A CUdeviceptr for a raw address: JCuda keeps addresses protected, which a subclass may read and set. */
  static final class DevicePointer extends CUdeviceptr {
    private static final CUdeviceptr NULL = new CUdeviceptr();

    DevicePointer() {}

    private DevicePointer(long address) {
      super(NULL, address);
    }

    static DevicePointer at(long address) {
      return new DevicePointer(address);
    }

    long address() {
      return getNativePointer() + getByteOffset();
    }
  }

  private final int index;
  private final String name;
  private final int computeCapability;
  private final int multiprocessors;
  private final long totalMemory;
  private final CUcontext context;
  private final CUstream stream;
  private final Map<Kernel.Module, CUmodule> modules = new EnumMap<>(Kernel.Module.class);
  private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
  private final Map<Long, CUdeviceptr> raw = new HashMap<>();

  private Gpu(int index, CUdevice device, CUcontext context, CUstream stream) {
    this.index = index;
    this.context = context;
    this.stream = stream;
    byte[] nameBytes = new byte[256];
    check(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
    int len = 0;
    while (len < nameBytes.length && nameBytes[len] != 0) len++;
    this.name = new String(nameBytes, 0, len, StandardCharsets.US_ASCII);
    this.computeCapability = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10
        + attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    this.multiprocessors = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
    long[] total = new long[1];
    check(cuDeviceTotalMem(total, device), "cuDeviceTotalMem");
    this.totalMemory = total[0];
  }

  /** Called by {@link CudaProbe} once the JCuda classes are known to be on the class path. */
  static CudaProbe.Status probeDriver() {
    int r = cuInit(0);
    if (r == CUresult.CUDA_ERROR_NO_DEVICE) {
      return CudaProbe.Status.problem("the NVIDIA driver is installed but reports no CUDA device.");
    }
    if (r == CUresult.CUDA_ERROR_STUB_LIBRARY) {
      return CudaProbe.Status.problem("only the CUDA toolkit's stub libcuda.so was found, not the NVIDIA driver itself.");
    }
    if (r == CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH) {
      return CudaProbe.Status.problem("the NVIDIA kernel module and libcuda.so.1 are different driver versions (reboot or reinstall the driver).");
    }
    if (r != CUresult.CUDA_SUCCESS) {
      return CudaProbe.Status.problem("the CUDA driver failed to start (cuInit: " + CUresult.stringFor(r) + ").");
    }
    int[] version = new int[1];
    check(cuDriverGetVersion(version), "cuDriverGetVersion");
    if (version[0] < CudaProbe.MIN_DRIVER_VERSION) {
      return CudaProbe.Status.problem("the NVIDIA driver supports CUDA " + versionString(version[0])
          + ", but the kernels are PTX from CUDA 13.0 and need a driver for CUDA 13 or newer (580+).");
    }
    int[] count = new int[1];
    check(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (count[0] == 0) return CudaProbe.Status.problem("the NVIDIA driver reports no CUDA device.");
    return new CudaProbe.Status(null, version[0], count[0]);
  }

  static String versionString(int v) {
    return v / 1000 + "." + (v % 1000) / 10;
  }

  static Gpu open(int index, int deviceCount) {
    if (index < 0 || index >= deviceCount) {
      throw new IllegalArgumentException("cuda:" + index + " does not exist; this machine has " + deviceCount + " CUDA device(s)");
    }
    CUdevice device = new CUdevice();
    check(cuDeviceGet(device, index), "cuDeviceGet");
    CUcontext context = new CUcontext();
    check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    CUstream stream = new CUstream();
    check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
    return new Gpu(index, device, context, stream);
  }

  private static int attribute(CUdevice device, int attribute) {
    int[] v = new int[1];
    check(cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute");
    return v[0];
  }

  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new IllegalStateException("cuda: " + call + " failed with " + CUresult.stringFor(result));
    }
  }

  /** Binds this device's context to the calling thread (cheap; done before every driver call). */
  void makeCurrent() {
    check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  CUstream stream() {
    return stream;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int computeCapability() {
    return computeCapability;
  }

  @Override
  public int multiprocessors() {
    return multiprocessors;
  }

  @Override
  public long totalMemory() {
    return totalMemory;
  }

  @Override
  public CublasGemm newCublas() {
    return new CublasGemm(this);
  }

  // ------------------------------------------------------------------ memory

  @Override
  public synchronized long allocate(long bytes) {
    makeCurrent();
    DevicePointer p = new DevicePointer();
    int r = cuMemAlloc(p, bytes);
    if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) throw new CachingAllocator.OutOfDeviceMemory("cuMemAlloc of " + bytes + " bytes");
    check(r, "cuMemAlloc(" + bytes + " bytes)");
    raw.put(p.address(), p);
    return p.address();
  }

  @Override
  public synchronized void free(long address) {
    makeCurrent();
    CUdeviceptr p = raw.remove(address);
    if (p == null) throw new IllegalStateException("cuda: free of an address this device did not allocate: " + address);
    check(cuMemFree(p), "cuMemFree");
  }

  @Override
  public void synchronize() {
    makeCurrent();
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  }

  @Override
  public long freeMemory() {
    makeCurrent();
    long[] free = new long[1], total = new long[1];
    check(cuMemGetInfo(free, total), "cuMemGetInfo");
    return free[0];
  }

  @Override
  public void memset(long address, int elementBytes, int bits, long count) {
    if (count == 0) return;
    makeCurrent();
    DevicePointer p = DevicePointer.at(address);
    switch (elementBytes) {
      case 1: check(cuMemsetD8Async(p, (byte) bits, count, stream), "cuMemsetD8Async"); break;
      case 2: check(cuMemsetD16Async(p, (short) bits, count, stream), "cuMemsetD16Async"); break;
      case 4: check(cuMemsetD32Async(p, bits, count, stream), "cuMemsetD32Async"); break;
      default: throw new IllegalArgumentException("cuda: memset of " + elementBytes + "-byte elements");
    }
  }

  @Override
  public void copyDeviceToDevice(long dst, long src, long bytes) {
    if (bytes == 0) return;
    makeCurrent();
    check(cuMemcpyDtoDAsync(DevicePointer.at(dst), DevicePointer.at(src), bytes, stream), "cuMemcpyDtoDAsync");
  }

  /** Returns once the host array has been read (a synchronous copy from pageable memory). */
  @Override
  public void upload(long dst, Object hostArray, long bytes) {
    if (bytes == 0) return;
    makeCurrent();
    check(cuMemcpyHtoD(DevicePointer.at(dst), host(hostArray), bytes), "cuMemcpyHtoD");
  }

  @Override
  public void download(Object hostArray, long src, long bytes) {
    if (bytes == 0) return;
    makeCurrent();
    check(cuMemcpyDtoH(host(hostArray), DevicePointer.at(src), bytes), "cuMemcpyDtoH");
  }

  // ------------------------------------------------------------------ kernels


  private synchronized CUfunction function(Kernel k) {
    CUfunction f = functions.get(k);
    if (f != null) return f;
    CUmodule module = modules.computeIfAbsent(k.module, this::load);
    f = new CUfunction();
    check(cuModuleGetFunction(f, module, k.symbol), "cuModuleGetFunction(" + k.symbol + ")");
    functions.put(k, f);
    return f;
  }

  private CUmodule load(Kernel.Module module) {
    if (computeCapability < module.minArch) {
      throw new IllegalStateException("cuda: " + module.file + ".ptx needs compute capability " + module.minArch / 10
          + "." + module.minArch % 10 + "; " + name + " has " + computeCapability / 10 + "." + computeCapability % 10);
    }
    byte[] ptx;
    try (InputStream in = Gpu.class.getResourceAsStream(module.resource())) {
      if (in == null) {
        throw new IllegalStateException("cuda: " + module.resource() + " is missing from the class path; "
            + "rebuild the kernels with tools/cuda/build-ptx.sh");
      }
      byte[] text = in.readAllBytes();
      ptx = java.util.Arrays.copyOf(text, text.length + 1); // the driver wants a NUL-terminated image
    } catch (IOException e) {
      throw new IllegalStateException("cuda: cannot read " + module.resource() + ": " + e.getMessage(), e);
    }
    CUmodule m = new CUmodule();
    int r = cuModuleLoadData(m, ptx);
    if (r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
      throw new IllegalStateException("cuda: the driver cannot load " + module.file + ".ptx, which was made by CUDA 13.0; "
          + "install an NVIDIA driver for CUDA 13 or newer (580+)");
    }
    check(r, "cuModuleLoadData(" + module.file + ".ptx for compute capability " + computeCapability / 10 + "."
        + computeCapability % 10 + ")");
    return m;
  }

  @Override
  public void launch(Kernel k, int gridX, int gridY, int gridZ, int blockX, int blockY, Object... args) {
    k.checkArgs(args);
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) params[i] = param(k.params[i], args[i]);
    CUfunction f = function(k);
    makeCurrent();
    check(cuLaunchKernel(f, gridX, gridY, gridZ, blockX, blockY, 1, 0, stream, Pointer.to(params), null),
        "cuLaunchKernel(" + k.symbol + ")");
  }

  private static Pointer param(Arg kind, Object v) {
    switch (kind) {
      case I32: return Pointer.to(new int[] {(Integer) v});
      case I64: return Pointer.to(new long[] {(Long) v});
      case F32: return Pointer.to(new float[] {(Float) v});
      case F64: return Pointer.to(new double[] {(Double) v});
      case PTR: return Pointer.to(new long[] {((Arg.Ptr) v).address()});
      case SHAPE: return Pointer.to(((Layout.Shape) v).bytes());
      case STRIDES: return Pointer.to(((Layout.Strides) v).bytes());
      default: throw new IllegalArgumentException("cuda: unknown parameter kind " + kind);
    }
  }

  private static Pointer host(Object array) {
    if (array instanceof float[]) return Pointer.to((float[]) array);
    if (array instanceof double[]) return Pointer.to((double[]) array);
    if (array instanceof short[]) return Pointer.to((short[]) array);
    if (array instanceof int[]) return Pointer.to((int[]) array);
    if (array instanceof long[]) return Pointer.to((long[]) array);
    if (array instanceof byte[]) return Pointer.to((byte[]) array);
    throw new IllegalArgumentException("cuda: cannot transfer a " + array.getClass().getSimpleName());
  }
}
