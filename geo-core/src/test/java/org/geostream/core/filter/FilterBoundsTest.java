package org.geostream.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.geotools.filter.text.ecql.ECQL;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The area and time span of filters: exact where understood, unbounded otherwise, never too small. */
class FilterBoundsTest {
  static FilterBounds of(String ecql) throws Exception {
    return FilterBounds.of(ECQL.toFilter(ecql), "geom", "dtg");
  }

  static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void areas() throws Exception {
    assertThat(of("BBOX(geom, 0, 1, 2, 3)").area()).isEqualTo(new Envelope(0, 2, 1, 3));
    assertThat(of("BBOX(geom, 0, 0, 10, 10) AND INTERSECTS(geom, POINT(5 6))").area())
        .isEqualTo(new Envelope(5, 5, 6, 6));
    assertThat(of("BBOX(geom, 0, 0, 1, 1) OR BBOX(geom, 5, 5, 6, 6)").area()).isEqualTo(new Envelope(0, 6, 0, 6));
    assertThat(of("BBOX(geom, 0, 0, 1, 1) AND BBOX(geom, 5, 5, 6, 6)").empty()).isTrue();
    assertThat(of("DWITHIN(geom, POINT(0 0), 10, meters)").area()).as("metres on degrees: unbounded").isNull();
    assertThat(of("NOT BBOX(geom, 0, 0, 1, 1)")).isEqualTo(FilterBounds.ALL);
    assertThat(of("DISJOINT(geom, POINT(0 0))")).isEqualTo(FilterBounds.ALL);
    assertThat(of("BBOX(geom, 0, 0, 1, 1) OR name = 'x'").area()).as("an OR with an unbounded side").isNull();
    assertThat(of("BBOX(geom, 0, 0, 1000, 1000, 'EPSG:3857')").area()).as("a box in another CRS").isNull();
    assertThat(of("BBOX(other, 0, 0, 1, 1)").area()).isNull();
    assertThat(of("EXCLUDE").empty()).isTrue();
  }

  @Test
  void times() throws Exception {
    FilterBounds d = of("dtg DURING 2026-01-01T00:00:00Z/2026-01-01T01:00:00Z");
    assertThat(d.minTime()).isEqualTo(ms("2026-01-01T00:00:00Z"));
    assertThat(d.maxTime()).isEqualTo(ms("2026-01-01T01:00:00Z"));
    assertThat(of("dtg > '2026-01-01T00:00:00Z'").minTime()).isEqualTo(ms("2026-01-01T00:00:00Z"));
    assertThat(of("dtg > '2026-01-01T00:00:00Z'").maxTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(of("'2026-01-01T00:00:00Z' > dtg").maxTime()).as("date on the left").isEqualTo(ms("2026-01-01T00:00:00Z"));
    assertThat(of("dtg BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-02T00:00:00Z' AND BBOX(geom, 0, 0, 1, 1)"))
        .isEqualTo(new FilterBounds(new Envelope(0, 1, 0, 1), ms("2026-01-01T00:00:00Z"), ms("2026-01-02T00:00:00Z"),
            false));
    assertThat(of("dtg AFTER 2026-01-02T00:00:00Z AND dtg BEFORE 2026-01-01T00:00:00Z").empty()).isTrue();
    assertThat(of("dtg <> '2026-01-01T00:00:00Z'").timeBounded()).isFalse();
    assertThat(of("dtg DURING 2026-01-01T00:00:00Z/2026-01-01T01:00:00Z")
        .mayMatch(new Envelope(0, 1, 0, 1), ms("2026-01-01T00:30:00Z"), ms("2026-01-01T00:40:00Z"))).isTrue();
    assertThat(of("dtg DURING 2026-01-01T00:00:00Z/2026-01-01T01:00:00Z")
        .mayMatch(new Envelope(0, 1, 0, 1), null, null)).as("no times: cannot match a time filter").isFalse();
  }
}
