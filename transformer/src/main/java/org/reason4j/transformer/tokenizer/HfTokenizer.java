package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The Hugging Face tokenizer pipeline: added tokens are cut out of the text, the rest is
 * normalized, pre-tokenized into pieces and tokenized by the model (BPE or WordPiece); the
 * post-processor adds BOS/CLS-style tokens. Decoding maps ids to token strings and runs the decoder.
 * Built from a tokenizer.json by {@link TokenizerJson}, or from vocab.json + merges.txt by
 * {@link BpeFiles}.
 */
final class HfTokenizer implements Tokenizer {
  private final Normalizer normalizer;
  private final PreTokenizer preTokenizer;
  private final TokenModel model;
  private final PostProcessor postProcessor;
  private final Decoder decoder;
  private final AddedVocabulary added;
  private final OptionalInt bos;
  private final OptionalInt eos;
  private final Set<Integer> specialIds;
  private final int vocabSize;
  private final LengthRules lengths;
  private final int addedBySpecials; // how many ids the post-processor adds around one sequence

  /** Any of normalizer, preTokenizer, postProcessor, decoder may be null (the step is skipped). */
  HfTokenizer(Normalizer normalizer, PreTokenizer preTokenizer, TokenModel model, PostProcessor postProcessor,
              Decoder decoder, List<AddedVocabulary.AddedToken> addedTokens, String bosToken, String eosToken,
              LengthRules lengths, String where) {
    this.normalizer = normalizer;
    this.preTokenizer = preTokenizer;
    this.model = model;
    this.postProcessor = postProcessor;
    this.decoder = decoder;
    this.added = new AddedVocabulary(addedTokens, normalizer, where);
    Set<Integer> special = new LinkedHashSet<>();
    int limit = model.idLimit();
    for (AddedVocabulary.AddedToken t : added.tokens()) {
      if (t.special()) special.add(t.id());
      limit = Math.max(limit, t.id() + 1);
    }
    this.specialIds = Collections.unmodifiableSet(special);
    this.vocabSize = limit;
    this.bos = idOf(bosToken, "bos", where);
    this.eos = idOf(eosToken, "eos", where);
    this.lengths = lengths;
    this.addedBySpecials = postProcessor == null ? 0 : postProcessor.process(new int[0], true).length;
  }

  private OptionalInt idOf(String token, String what, String where) {
    if (token == null) return OptionalInt.empty();
    Integer id = tokenToId(token);
    if (id == null) throw new TokenizerException(where + ": " + what + " token '" + token + "' is not in the vocabulary");
    return OptionalInt.of(id);
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    IntList ids = new IntList(text.length() / 3 + 4);
    List<PreTokenizer.Piece> pieces = new ArrayList<>();
    for (AddedVocabulary.Segment seg : added.splitRaw(text)) {
      if (seg.id() >= 0) {
        ids.add(seg.id());
        continue;
      }
      String norm = normalizer == null ? seg.text() : normalizer.normalize(seg.text());
      for (AddedVocabulary.Segment sub : added.splitNormalized(norm)) {
        if (sub.id() >= 0) {
          ids.add(sub.id());
        } else if (!sub.text().isEmpty()) {
          PreTokenizer.Piece piece = new PreTokenizer.Piece(sub.text(), seg.start() == 0 && sub.start() == 0);
          pieces.clear();
          if (preTokenizer == null) pieces.add(piece);
          else preTokenizer.split(piece, pieces);
          for (PreTokenizer.Piece p : pieces) model.tokenize(p.text(), ids);
        }
      }
    }
    int[] out = lengths.truncate(ids.toArray(), addSpecialTokens ? addedBySpecials : 0);
    if (postProcessor != null) out = postProcessor.process(out, addSpecialTokens);
    return lengths.pad(out);
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      String t = idToToken(id);
      if (t == null) throw new TokenizerException("cannot decode id " + id + ": no such token (vocabulary size " + vocabSize + ")");
      if (skipSpecialTokens && specialIds.contains(id)) continue;
      tokens.add(t);
    }
    return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public Integer tokenToId(String token) {
    AddedVocabulary.AddedToken t = added.byContent(token);
    return t != null ? Integer.valueOf(t.id()) : model.tokenToId(token);
  }

  @Override
  public String idToToken(int id) {
    AddedVocabulary.AddedToken t = added.byId(id);
    return t != null ? t.content() : model.idToToken(id);
  }

  @Override
  public OptionalInt bosId() {
    return bos;
  }

  @Override
  public OptionalInt eosId() {
    return eos;
  }

  @Override
  public Set<Integer> specialIds() {
    return specialIds;
  }
}
