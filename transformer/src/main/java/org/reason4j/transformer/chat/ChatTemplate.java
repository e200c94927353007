package org.reason4j.transformer.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reason4j.tensor.io.Json;

/**
 * A model's chat template, loaded from its tokenizer directory and rendered exactly as Hugging Face
 * transformers' {@code tokenizer.apply_chat_template(messages, add_generation_prompt=...,
 * tokenize=False)} renders it.
 *
 * <p>The template comes from {@code chat_template.jinja} if the directory has one (newer
 * transformers saves it there and prefers it), else from {@code chat_template} in
 * {@code tokenizer_config.json}, which is a string or a list of {@code {name, template}} (the one
 * named {@code default} is used unless another name is asked for). As in transformers, the template
 * sees {@code messages}, {@code add_generation_prompt}, {@code tools} and {@code documents} (None
 * unless given), the special tokens of the config ({@code bos_token}, {@code eos_token}, ... as plain
 * strings, also when the config stores them as AddedToken objects), and any extra variables such as
 * {@code enable_thinking} (Qwen3) or {@code tools}.
 *
 * <p>This does not tokenize: the rendered text goes to the tokenizer, which must not add a BOS token
 * a template has already written.
 */
public final class ChatTemplate {
  public static final String CONFIG_FILE = "tokenizer_config.json";
  public static final String TEMPLATE_FILE = "chat_template.jinja";
  private static final List<String> SPECIAL_TOKENS =
      List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

  private final JinjaTemplate template;
  private final Map<String, Object> specialTokens;

  private ChatTemplate(JinjaTemplate template, Map<String, Object> specialTokens) {
    this.template = template;
    this.specialTokens = Collections.unmodifiableMap(specialTokens);
  }

  // ------------------------------------------------------------------ loading

  /** Loads the default chat template of a tokenizer directory (or of a tokenizer_config.json file). */
  public static ChatTemplate load(Path dirOrConfig) {
    return load(dirOrConfig, "default");
  }

  /** Loads a named chat template (for configs that list several, e.g. {@code tool_use}). */
  public static ChatTemplate load(Path dirOrConfig, String templateName) {
    Path config = Files.isDirectory(dirOrConfig) ? dirOrConfig.resolve(CONFIG_FILE) : dirOrConfig;
    Path dir = config.toAbsolutePath().getParent();
    Path jinjaFile = dir == null ? null : dir.resolve(TEMPLATE_FILE);
    boolean hasJinjaFile = jinjaFile != null && templateName.equals("default") && Files.isRegularFile(jinjaFile);
    if (!Files.isRegularFile(config) && !hasJinjaFile) {
      throw new IllegalArgumentException(config + ": not found (a chat template needs the tokenizer's "
          + CONFIG_FILE + " or " + TEMPLATE_FILE + ")");
    }
    Map<String, Object> cfg = Files.isRegularFile(config) ? Json.readObject(config) : Map.of();
    if (hasJinjaFile) {
      return new ChatTemplate(JinjaTemplate.parse(readText(jinjaFile), jinjaFile.toString()), specialTokens(cfg));
    }
    return fromConfig(cfg, config.toString(), templateName);
  }

  /**
   * Builds from an already parsed tokenizer_config.json.
   *
   * @param source names the config in error messages
   */
  public static ChatTemplate fromConfig(Map<String, ?> config, String source, String templateName) {
    Object raw = config.get("chat_template");
    if (raw == null) {
      throw new IllegalArgumentException(source + ": has no \"chat_template\" (this tokenizer defines no chat "
          + "format; base models such as Llama 2 have none)");
    }
    String text = selectTemplate(raw, source, templateName);
    String where = source + " (chat_template" + (raw instanceof List ? " '" + templateName + "'" : "") + ")";
    return new ChatTemplate(JinjaTemplate.parse(text, where), specialTokens(config));
  }

  /** A template given directly, with the special tokens it may refer to ({@code bos_token}, ...). */
  public static ChatTemplate of(String template, Map<String, String> specialTokens, String sourceName) {
    return new ChatTemplate(JinjaTemplate.parse(template, sourceName), new LinkedHashMap<>(specialTokens));
  }

  private static String selectTemplate(Object raw, String source, String name) {
    if (raw instanceof String) {
      if (!name.equals("default")) {
        throw new IllegalArgumentException(source + ": has a single chat_template, no template named '" + name + "'");
      }
      return (String) raw;
    }
    if (!(raw instanceof List)) {
      throw new IllegalArgumentException(source + ": chat_template must be a string or a list of {name, template}");
    }
    List<String> names = new ArrayList<>();
    for (Object item : (List<?>) raw) {
      if (!(item instanceof Map) || !(((Map<?, ?>) item).get("name") instanceof String)
          || !(((Map<?, ?>) item).get("template") instanceof String)) {
        throw new IllegalArgumentException(source + ": each chat_template entry must be {\"name\": ..., \"template\": ...}");
      }
      Map<?, ?> entry = (Map<?, ?>) item;
      if (entry.get("name").equals(name)) return (String) entry.get("template");
      names.add((String) entry.get("name"));
    }
    throw new IllegalArgumentException(source + ": chat_template has templates " + names + " but none named '" + name + "'");
  }

  /** The special tokens transformers passes to templates, as strings; AddedToken dicts give their content. */
  private static Map<String, Object> specialTokens(Map<String, ?> config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : SPECIAL_TOKENS) {
      String token = tokenText(config.get(key));
      if (token != null) out.put(key, token);
    }
    if (config.get("additional_special_tokens") instanceof List) {
      List<Object> extra = new ArrayList<>();
      for (Object t : (List<?>) config.get("additional_special_tokens")) {
        String token = tokenText(t);
        if (token != null) extra.add(token);
      }
      out.put("additional_special_tokens", extra);
    }
    return out;
  }

  private static String tokenText(Object v) {
    if (v instanceof String) return (String) v;
    if (v instanceof Map && ((Map<?, ?>) v).get("content") instanceof String) return (String) ((Map<?, ?>) v).get("content");
    return null;
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ accessors

  public Optional<String> bosToken() {
    return Optional.ofNullable((String) specialTokens.get("bos_token"));
  }

  public Optional<String> eosToken() {
    return Optional.ofNullable((String) specialTokens.get("eos_token"));
  }

  /** {@code bos_token}, {@code eos_token}, ... (only those the config sets), as the template sees them. */
  public Map<String, Object> specialTokens() {
    return specialTokens;
  }

  /** The parsed template, for rendering with variables of one's own. */
  public JinjaTemplate template() {
    return template;
  }

  // ------------------------------------------------------------------ rendering

  public String render(List<Message> messages, boolean addGenerationPrompt) {
    return render(messages, addGenerationPrompt, Map.of());
  }

  /**
   * Renders with extra template variables, e.g. {@code tools} (a list of JSON-schema maps),
   * {@code documents}, {@code enable_thinking}; they override the special tokens.
   */
  public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
    List<Map<String, Object>> maps = new ArrayList<>(messages.size());
    for (Message m : messages) maps.add(m.toMap());
    return renderMaps(maps, addGenerationPrompt, variables);
  }

  /** Renders messages given as maps, so turns can carry {@code tool_calls}, {@code reasoning_content}, .... */
  public String renderMaps(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
    if (variables.containsKey("messages") || variables.containsKey("add_generation_prompt")) {
      throw new IllegalArgumentException("'messages' and 'add_generation_prompt' are arguments, not extra variables");
    }
    Map<String, Object> vars = new LinkedHashMap<>(specialTokens);
    vars.put("tools", null);
    vars.put("documents", null);
    vars.putAll(variables);
    vars.put("messages", messages);
    vars.put("add_generation_prompt", addGenerationPrompt);
    return template.render(vars);
  }

  /**
   * Renders a conversation given as JSON: an array of {@code {"role": ..., "content": ...}} objects, or
   * an object {@code {"messages": [...], ...}} whose other fields (such as {@code tools}) become
   * template variables.
   *
   * @param sourceName names the JSON in error messages
   */
  public String renderJson(String json, String sourceName, boolean addGenerationPrompt) {
    return renderParsedJson(Json.parse(json, sourceName), sourceName, addGenerationPrompt);
  }

  /** The command-line entry: a tokenizer directory and a messages JSON file (see {@link #renderJson}). */
  public static String render(Path tokenizerDir, Path messagesJson, boolean addGenerationPrompt) {
    return load(tokenizerDir).renderParsedJson(Json.read(messagesJson), messagesJson.toString(), addGenerationPrompt);
  }

  private String renderParsedJson(Object json, String source, boolean addGenerationPrompt) {
    Map<String, Object> variables = new LinkedHashMap<>();
    Object messages = json;
    if (json instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) variables.put((String) e.getKey(), e.getValue());
      messages = variables.remove("messages");
      variables.remove("add_generation_prompt");
    }
    return renderMaps(parseMessages(messages, source), addGenerationPrompt, variables);
  }

  /** Checks that parsed JSON is a list of message objects, each with a string {@code role}. */
  public static List<Map<String, Object>> parseMessages(Object json, String source) {
    if (!(json instanceof List)) {
      throw new IllegalArgumentException(source + ": expected a JSON array of messages (or an object with \"messages\")");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    List<?> items = (List<?>) json;
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map) || !(((Map<?, ?>) items.get(i)).get("role") instanceof String)) {
        throw new IllegalArgumentException(source + ": message " + i + " must be an object with a string \"role\"");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) items.get(i)).entrySet()) m.put((String) e.getKey(), e.getValue());
      out.add(m);
    }
    return out;
  }
}
