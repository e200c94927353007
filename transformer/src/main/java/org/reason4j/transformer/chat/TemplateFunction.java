package org.reason4j.transformer.chat;

import java.util.List;
import java.util.Map;

/**
 * Anything a template can call: globals such as {@code range}, bound methods such as
 * {@code text.strip}, {@code loop.cycle}, and macros. Arguments are template values.
 */
@FunctionalInterface
interface TemplateFunction {
  Object call(List<Object> args, Map<String, Object> kwargs);
}
