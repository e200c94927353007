package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Epochs, short last batches, wrapping and restoring a position. */
class DataCursorTest {
  static final List<Integer> ITEMS = List.of(0, 1, 2, 3, 4, 5, 6);

  @Test
  void anEpochVisitsEveryItemOnceAndItsLastBatchMayBeShort() {
    DataCursor<Integer> c = new DataCursor<>(ITEMS, 3, true);
    List<Integer> seen = new ArrayList<>();
    seen.addAll(c.next(3));
    seen.addAll(c.next(3));
    List<Integer> last = c.next(3);
    assertEquals(1, last.size());
    assertTrue(c.atEpochEnd());
    seen.addAll(last);
    assertEquals(new HashSet<>(ITEMS), new HashSet<>(seen));
    assertEquals(1.0, c.epochProgress());
    List<Integer> nextEpoch = c.next(7);
    assertEquals(new HashSet<>(ITEMS), new HashSet<>(nextEpoch));
    assertNotEquals(seen, nextEpoch, "each epoch has its own order");
  }

  @Test
  void wrappingFillsABatchAcrossTheEpochBoundary() {
    DataCursor<Integer> c = new DataCursor<>(ITEMS, 3, false);
    c.next(5);
    assertEquals(List.of(5, 6, 0, 1), c.nextWrapping(4));
    assertEquals(1 + 2.0 / 7, c.epochProgress(), 1e-12);
  }

  @Test
  void aRestoredPositionContinuesWithTheSameItems() {
    DataCursor<Integer> a = new DataCursor<>(ITEMS, 9, true);
    a.next(3);
    a.nextWrapping(6);
    DataCursor<Integer> b = new DataCursor<>(ITEMS, 9, true);
    b.restore(a.position());
    assertEquals(a.nextWrapping(10), b.nextWrapping(10));
    DataCursor<Integer> smaller = new DataCursor<>(List.of(1, 2), 9, true);
    assertThrows(IllegalArgumentException.class, () -> smaller.restore(a.position()));
  }
}
