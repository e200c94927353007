package org.reason4j.tensor;

/** What a random fill draws: uniform in [0, 1), standard normal, or Bernoulli(p) as a BOOL mask. */
public enum Distribution {
  UNIFORM,
  NORMAL,
  BERNOULLI
}
