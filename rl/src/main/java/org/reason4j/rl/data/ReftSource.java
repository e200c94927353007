package org.reason4j.rl.data;

/**
 * The four data sets of the ReFT paper (Luong et al. 2024), named as the prefix of their item ids
 * ({@code gsm8k_0}, {@code mathqa-numeric_2}, ...). The source decides how answers are compared: MathQA
 * multiple choice compares option letters, the others compare numbers.
 */
public enum ReftSource {
  GSM8K("gsm8k", false),
  SVAMP("svamp", false),
  MATHQA("mathqa", true),
  MATHQA_NUMERIC("mathqa-numeric", false);

  private final String prefix;
  private final boolean multipleChoice;

  ReftSource(String prefix, boolean multipleChoice) {
    this.prefix = prefix;
    this.multipleChoice = multipleChoice;
  }

  /** The item-id prefix, e.g. {@code "mathqa-numeric"}. */
  public String prefix() {
    return prefix;
  }

  /** Whether the gold answer is an option letter rather than a number. */
  public boolean isMultipleChoice() {
    return multipleChoice;
  }

  /** The source of an item id, read as ReFT does: the text before the first '_'. */
  public static ReftSource fromItemId(String itemId) {
    ReftSource s = fromItemIdOrNull(itemId);
    if (s == null) {
      throw new IllegalArgumentException("item id '" + itemId
          + "' does not start with a ReFT source (gsm8k_, svamp_, mathqa_, mathqa-numeric_)");
    }
    return s;
  }

  static ReftSource fromItemIdOrNull(String itemId) {
    int cut = itemId.indexOf('_');
    String head = cut < 0 ? itemId : itemId.substring(0, cut);
    for (ReftSource s : values()) {
      if (s.prefix.equals(head)) return s;
    }
    return null;
  }
}
