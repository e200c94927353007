package org.reason4j.rl.trainer;

import java.util.Arrays;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Policy;

/**
 * One supervised example as token ids (ALGORITHMS §2): the prompt, then the target followed by EOS. The
 * two texts are tokenised separately, as ReFT's {@code tokenize_fn} does, so the boundary between them is
 * a token boundary; the concatenation is cut to {@code maxLength} ids from the end (which can cut EOS
 * off, as the reference's truncation does).
 *
 * @param promptIds ids whose labels are ignored
 * @param targetIds ids the loss supervises, EOS last unless truncated
 */
public record SftExample(int[] promptIds, int[] targetIds) {
  public SftExample {
    if (promptIds.length == 0) throw new IllegalArgumentException("an SFT example needs at least one prompt id (BOS) to predict its first target from");
  }

  /** The problem's SFT prompt and target in the policy's format. */
  public static SftExample of(Policy policy, Problem p, int maxLength) {
    return of(policy, policy.format().sftPrompt(p), policy.format().target(p), maxLength);
  }

  /** Any prompt and target text (a demonstration, a self-generated solution), with the policy's tokenizer. */
  public static SftExample of(Policy policy, String prompt, String target, int maxLength) {
    int[] promptIds = policy.tokenizer().encode(prompt, policy.format().addSpecialTokens());
    int[] body = policy.tokenizer().encode(target, false);
    int[] withEos = Arrays.copyOf(body, body.length + 1);
    withEos[body.length] = policy.eosId();
    if (maxLength < 2) throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
    if (promptIds.length >= maxLength) {
      throw new IllegalArgumentException("the prompt of " + promptIds.length + " tokens leaves no room for a target within maxLength " + maxLength);
    }
    int keep = Math.min(withEos.length, maxLength - promptIds.length);
    return new SftExample(promptIds, Arrays.copyOf(withEos, keep));
  }

  /** Prompt plus target ids. */
  public int length() {
    return promptIds.length + targetIds.length;
  }
}
