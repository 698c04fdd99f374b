package org.geostream.core.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.geostream.core.curve.CurveTestSupport.DAY;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimePeriodTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void dayBinsChangeAtUtcMidnight() {
    assertThat(TimePeriod.DAY.bin(0)).isEqualTo((short) 0);
    assertThat(TimePeriod.DAY.bin(DAY - 1)).isEqualTo((short) 0);
    assertThat(TimePeriod.DAY.offset(DAY - 1)).isEqualTo(DAY - 1);
    assertThat(TimePeriod.DAY.bin(DAY)).isEqualTo((short) 1);
    assertThat(TimePeriod.DAY.offset(DAY)).isZero();
    long instant = millis("2024-02-29T12:00:00.123Z");
    assertThat(TimePeriod.DAY.bin(instant)).isEqualTo((short) 19_782);
    assertThat(TimePeriod.DAY.offset(instant)).isEqualTo(12 * 3_600_000L + 123);
    assertThat(TimePeriod.DAY.binStartMillis((short) 19_782)).isEqualTo(millis("2024-02-29T00:00:00Z"));
  }

  @Test
  void weekBinsStartOnThursdaysCountedFromTheEpoch() {
    assertThat(TimePeriod.WEEK.bin(millis("1970-01-07T23:59:59.999Z"))).isEqualTo((short) 0);
    assertThat(TimePeriod.WEEK.offset(millis("1970-01-07T23:59:59.999Z"))).isEqualTo(604_799);
    assertThat(TimePeriod.WEEK.bin(millis("1970-01-08T00:00:00Z"))).isEqualTo((short) 1);
    short bin = TimePeriod.WEEK.bin(millis("2024-01-10T08:00:00Z"));
    Instant start = Instant.ofEpochMilli(TimePeriod.WEEK.binStartMillis(bin));
    assertThat(start).isEqualTo(Instant.parse("2024-01-04T00:00:00Z"));
    assertThat(start.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
    assertThat(TimePeriod.WEEK.bin(millis("2024-01-03T23:59:59.999Z"))).isEqualTo((short) (bin - 1));
    assertThat(TimePeriod.WEEK.offset(millis("2024-01-10T08:00:00.999Z"))).isEqualTo(6 * 86_400 + 8 * 3_600);
  }

  @Test
  void monthAndYearBinsFollowTheCalendar() {
    assertThat(TimePeriod.MONTH.bin(millis("1970-01-31T23:59:59.999Z"))).isEqualTo((short) 0);
    assertThat(TimePeriod.MONTH.bin(millis("1970-02-01T00:00:00Z"))).isEqualTo((short) 1);
    assertThat(TimePeriod.MONTH.bin(millis("2000-03-01T00:00:00Z"))).isEqualTo((short) (30 * 12 + 2));
    assertThat(TimePeriod.MONTH.offset(millis("2000-02-29T12:00:00Z"))).isEqualTo(28 * 86_400 + 12 * 3_600);
    assertThat(TimePeriod.YEAR.bin(millis("2024-12-31T23:59:00Z"))).isEqualTo((short) 54);
    assertThat(TimePeriod.YEAR.offset(millis("2024-12-31T23:59:00Z"))).isEqualTo(365 * 1_440 + 1_439)
        .isLessThan(TimePeriod.YEAR.offsetSpan());
    assertThat(TimePeriod.YEAR.binStartMillis((short) 55)).isEqualTo(millis("2025-01-01T00:00:00Z"));
  }

  @Test
  void lastBinEndsWhereTheDocumentationSays() {
    assertThat(Instant.ofEpochMilli(TimePeriod.DAY.endMillis())).isEqualTo(Instant.parse("2059-09-19T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(TimePeriod.WEEK.endMillis())).isEqualTo(Instant.parse("2598-01-04T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(TimePeriod.MONTH.endMillis())).isEqualTo(Instant.parse("4700-09-01T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(TimePeriod.YEAR.endMillis())).isEqualTo(Instant.parse("+34738-01-01T00:00:00Z"));
    for (TimePeriod period : TimePeriod.values()) {
      assertThat(period.bin(period.endMillis() - 1)).isEqualTo(Short.MAX_VALUE);
      assertThat(period.offset(period.endMillis() - 1)).isLessThan(period.offsetSpan());
    }
  }

  @Test
  void rejectsTimesOutsideTheBins() {
    assertThatThrownBy(() -> TimePeriod.DAY.bin(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot bin time: time outside the DAY bins [1970-01-01T00:00:00Z, 2059-09-19T00:00:00Z): '-1'");
    assertThatThrownBy(() -> TimePeriod.DAY.offset(TimePeriod.DAY.endMillis()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot compute time offset: time outside the DAY bins");
    assertThatThrownBy(() -> TimePeriod.WEEK.binStartMillis((short) -3))
        .hasMessage("Cannot compute bin start: bin is negative: '-3'");
  }
}
