package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

  @Test
  void mergesOverlappingAndAdjacentRanges() {
    List<KeyRange> merged = KeyRanges.sortAndMerge(List.of(
        new KeyRange(10, 20, true), new KeyRange(0, 5, true), new KeyRange(21, 25, true),
        new KeyRange(15, 30, false), new KeyRange(40, 40, true)));
    assertThat(merged).containsExactly(
        new KeyRange(0, 5, true), new KeyRange(10, 30, false), new KeyRange(40, 40, true));
    assertThat(KeyRanges.sortAndMerge(List.of())).isEmpty();
  }

  @Test
  void capFillsTheSmallestGaps() {
    List<KeyRange> ranges = List.of(
        new KeyRange(0, 1, true), new KeyRange(10, 11, true), new KeyRange(13, 14, true),
        new KeyRange(100, 101, true), new KeyRange(104, 105, true));
    assertThat(KeyRanges.cap(ranges, 5)).isEqualTo(ranges);
    assertThat(KeyRanges.cap(ranges, 3)).containsExactly(
        new KeyRange(0, 1, true), new KeyRange(10, 14, false), new KeyRange(100, 105, false));
    assertThat(KeyRanges.cap(ranges, 1)).containsExactly(new KeyRange(0, 105, false));
  }

  @Test
  void rangesRejectReversedBounds() {
    assertThatThrownBy(() -> new KeyRange(5, 4, false))
        .hasMessage("Cannot create key range: lower bound is greater than upper bound: '5 > 4'");
    assertThatThrownBy(() -> new BinnedKeyRange((short) -1, 0, 0, false))
        .hasMessage("Cannot create binned key range: bin is negative: '-1'");
    assertThat(new KeyRange(3, 7, false).length()).isEqualTo(5);
    assertThat(new KeyRange(0, Long.MAX_VALUE, false).length()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void containedIsCheckedBlockByBlock() {
    // 2D grid box x in [2, 3], y in [0, 1]: the keys of cells (2,0) (3,0) (2,1) (3,1) are 4..7
    List<int[]> box = List.of(new int[] {2, 0, 3, 1});
    assertThat(ZPlanning.inside(4, 7, 2, box)).isTrue();
    assertThat(ZPlanning.inside(4, 8, 2, box)).isFalse();
    assertThat(ZPlanning.inside(5, 6, 2, box)).isTrue();
    assertThat(ZPlanning.inside(3, 4, 2, box)).isFalse();
  }
}
