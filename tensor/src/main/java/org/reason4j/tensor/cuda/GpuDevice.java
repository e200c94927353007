package org.reason4j.tensor.cuda;

/**
 * What {@link CudaBackend} needs from a GPU: memory, transfers, kernel launches and a few properties.
 * {@link Gpu} is the real one, over the CUDA driver; tests drive the backend's Java side through a
 * recording fake, which is how the launch code is exercised on machines without a GPU. Nothing here
 * mentions a JCuda type.
 */
interface GpuDevice extends CachingAllocator.DeviceMemory {
  int index();

  String name();

  /** major * 10 + minor. */
  int computeCapability();

  int multiprocessors();

  long totalMemory();

  long freeMemory();

  /** Sets count elements of 1, 2 or 4 bytes to a bit pattern, in stream order. */
  void memset(long address, int elementBytes, int bits, long count);

  void copyDeviceToDevice(long dst, long src, long bytes);

  /** Copies a Java array (float[], double[], short[], int[], long[] or byte[]) to the device. */
  void upload(long dst, Object hostArray, long bytes);

  /** Copies device memory into a Java array after all queued work: the backend's synchronisation point. */
  void download(Object hostArray, long src, long bytes);

  /** Queues a kernel after checking the arguments against its signature. */
  void launch(Kernel k, int gridX, int gridY, int gridZ, int blockX, int blockY, Object... args);

  /** A cuBLAS handle on this device's stream; throws where cuBLAS cannot be used. */
  CublasGemm newCublas();
}
