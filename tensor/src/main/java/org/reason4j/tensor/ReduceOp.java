package org.reason4j.tensor;

/**
 * Reductions along one axis. ARGMAX/ARGMIN give I64 indices (the first index on ties); LOGSUMEXP is
 * computed stably (max-shifted). Results are deterministic: the order of accumulation is fixed and does
 * not depend on the number of threads.
 */
public enum ReduceOp {
  SUM,
  MAX,
  MIN,
  ARGMAX,
  ARGMIN,
  LOGSUMEXP
}
