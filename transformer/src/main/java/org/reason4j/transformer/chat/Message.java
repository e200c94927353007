package org.reason4j.transformer.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One chat turn: a role ({@code system}, {@code user}, {@code assistant}, {@code tool}, ...) and its
 * text. A template sees it as the dict {@code {"role": ..., "content": ...}}. Turns with more fields
 * (tool calls, {@code reasoning_content}) are passed as maps through
 * {@link ChatTemplate#renderMaps}.
 */
public record Message(String role, String content) {
  public Message {
    Objects.requireNonNull(role, "role");
  }

  public static Message system(String content) {
    return new Message("system", content);
  }

  public static Message user(String content) {
    return new Message("user", content);
  }

  public static Message assistant(String content) {
    return new Message("assistant", content);
  }

  /** The dict the template sees. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
