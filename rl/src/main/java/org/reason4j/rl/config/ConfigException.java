package org.reason4j.rl.config;

/**
 * A configuration that cannot be used: a file that does not parse, an unknown key, a value of the wrong
 * type. The message names the file (when there is one), the key path and the problem.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
