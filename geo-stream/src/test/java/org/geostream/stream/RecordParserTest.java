package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.geostream.stream.parse.Event;
import org.geostream.stream.parse.Parsed;
import org.geostream.stream.parse.RecordParser;
import org.geostream.stream.parse.Rejection;
import org.geostream.stream.parse.Rejection.Reason;
import org.junit.jupiter.api.Test;

/** Record parsing: what is accepted, and every class of bad record with its reason and position. */
class RecordParserTest {
  static final List<String> COLUMNS = List.of("id", "kind", "lon", "lat", "ts", "speed");
  final RecordParser csv = new RecordParser(ParserSpec.csv(COLUMNS, "lon", "lat", "ts"), List.of("kind"),
      List.of("speed"), List.of("id"));
  final RecordParser json = new RecordParser(ParserSpec.json("lon", "lat", "ts"), List.of("kind"), List.of("speed"),
      List.of("id"));
  final RecordParser wkt = new RecordParser(new ParserSpec("json", null, ',', null, null, "wkt", "wkt", "ts",
      "yyyy-MM-dd HH:mm:ss", "Europe/Paris", 200), List.of(), List.of(), List.of());
  final RecordParser geojson = new RecordParser(new ParserSpec("geojson", null, ',', null, null, null, null, "t",
      "epoch-millis", null, 0), List.of("kind"), List.of(), List.of());

  static Event ok(Parsed p) {
    assertThat(p).isInstanceOf(Event.class);
    return (Event) p;
  }

  static Rejection bad(Parsed p, Reason reason, String messagePart) {
    assertThat(p).isInstanceOf(Rejection.class);
    Rejection r = (Rejection) p;
    assertThat(r.reason()).as(r.message()).isEqualTo(reason);
    assertThat(r.message()).contains(messagePart);
    assertThat(r.position()).isEqualTo("f.csv:7");
    return r;
  }

  @Test
  void acceptsGoodRecordsInEveryFormat() {
    Event e = ok(csv.parse("v1,bus,2.35,48.86,2026-11-21T06:00:30Z,42.5", null, "f.csv:7"));
    assertThat(e.x()).isEqualTo(2.35);
    assertThat(e.y()).isEqualTo(48.86);
    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-21T06:00:30Z").toEpochMilli());
    assertThat(e.attributes()).containsExactly("bus");
    assertThat(e.measures()).containsExactly(42.5);
    assertThat(e.distinct()).containsExactly("v1");
    // A quoted field with the delimiter inside, a missing measure (NaN: not counted), a zone-less time (UTC).
    e = ok(csv.parse("\"v,2\",tram,-0.1,51.5,2026-11-21 06:00:00,", null, "f.csv:7"));
    assertThat(e.distinct()).containsExactly("v,2");
    assertThat(e.measures()[0]).isNaN();
    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z").toEpochMilli());
    e = ok(json.parse("{\"id\":\"v3\",\"kind\":null,\"lon\":\"13.4\",\"lat\":52.5,\"ts\":\"2026-11-21T07:00:00+01:00\"}",
        null, "f.csv:7"));
    assertThat(e.attributes()).containsExactly((String) null);
    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z").toEpochMilli());
    // A polygon is keyed by its interior point; a pattern time in a named zone.
    e = ok(wkt.parse("{\"wkt\":\"POLYGON((0 0,2 0,2 2,0 2,0 0))\",\"ts\":\"2026-11-21 07:00:00\"}", null, "f.csv:7"));
    assertThat(e.x()).isEqualTo(1.0);
    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z").toEpochMilli());
    e = ok(geojson.parse("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[10,20]},"
        + "\"properties\":{\"kind\":\"bike\",\"t\":1700000000000}}", null, "f.csv:7"));
    assertThat(e.x()).isEqualTo(10.0);
    assertThat(e.attributes()).containsExactly("bike");
    // A header from the file replaces the configured columns.
    e = ok(csv.parse("48.1,11.5,2026-11-21T06:00:00Z", List.of("lat", "lon", "ts"), "f.csv:7"));
    assertThat(e.x()).isEqualTo(11.5);
  }

  @Test
  void quarantinesEachClassOfBadRecordWithItsReason() {
    String p = "f.csv:7";
    bad(csv.parse("v1,bus,2.35,48.86,2026-11-21T06:00:30Z", null, p), Reason.MALFORMED_CSV, "expected 6 columns");
    bad(csv.parse("v1,bus,2.35,48.86,2026-11-21T06:00:30Z,1,2", null, p), Reason.MALFORMED_CSV, "found 7");
    bad(json.parse("{\"lon\": 1, \"lat\": ", null, p), Reason.MALFORMED_JSON, "not JSON");
    bad(json.parse("[1,2]", null, p), Reason.MALFORMED_JSON, "not a JSON object");
    bad(csv.parse("v1,bus,NaN,48.86,2026-11-21T06:00:30Z,1", null, p), Reason.NAN_COORDINATE, "NaN");
    bad(csv.parse("v1,bus,Infinity,48.86,2026-11-21T06:00:30Z,1", null, p), Reason.NAN_COORDINATE, "Infinity");
    bad(csv.parse("v1,bus,2.35,148.86,2026-11-21T06:00:30Z,1", null, p), Reason.OUT_OF_RANGE, "148.86");
    bad(csv.parse("v1,bus,48.86,-122.4,2026-11-21T06:00:30Z,1", null, p), Reason.OUT_OF_RANGE, "swapped");
    bad(csv.parse("v1,bus,east,48.86,2026-11-21T06:00:30Z,1", null, p), Reason.BAD_NUMBER, "east");
    bad(csv.parse("v1,bus,,48.86,2026-11-21T06:00:30Z,1", null, p), Reason.MISSING_FIELD, "'lon'");
    bad(csv.parse("v1,bus,2.35,48.86,,1", null, p), Reason.MISSING_TIME, "'ts'");
    bad(csv.parse("v1,bus,2.35,48.86,yesterday,1", null, p), Reason.BAD_TIME, "yesterday");
    bad(csv.parse("v1,bus,2.35,48.86,2026-11-21T06:00:30Z,fast", null, p), Reason.BAD_NUMBER, "'speed'");
    bad(wkt.parse("{\"wkt\":\"POLYGON((0 0,2 0\",\"ts\":\"2026-11-21 07:00:00\"}", null, p), Reason.BAD_GEOMETRY,
        "not valid WKT");
    bad(wkt.parse("{\"wkt\":\"POLYGON((0 0,2 2,2 0,0 2,0 0))\",\"ts\":\"2026-11-21 07:00:00\"}", null, p),
        Reason.INVALID_GEOMETRY, "Self-intersection");
    bad(wkt.parse("{\"wkt\":\"POINT EMPTY\",\"ts\":\"2026-11-21 07:00:00\"}", null, p), Reason.EMPTY_GEOMETRY, "empty");
    bad(wkt.parse("{\"ts\":\"2026-11-21 07:00:00\"}", null, p), Reason.MISSING_FIELD, "'wkt'");
    bad(geojson.parse("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"a\"]},"
        + "\"properties\":{\"t\":1}}", null, p), Reason.BAD_GEOMETRY, "geometry");
    bad(geojson.parse("{\"type\":\"FeatureCollection\",\"features\":[]}", null, p), Reason.MALFORMED_JSON, "Feature");
    bad(csv.parse("v1,bus,2.35,48.86,2026-11-21T06:00:30Z,\uFFFD", null, p), Reason.BAD_ENCODING, "UTF-8");
    // Text its source decoded strictly (files, Kafka): U+FFFD is an ordinary character.
    assertThat(csv.replacementIsBadEncoding(false).parse("v\uFFFD1,bus,2.35,48.86,2026-11-21T06:00:30Z,12", null, p))
        .isInstanceOf(org.geostream.stream.parse.Event.class);
    csv.replacementIsBadEncoding(true);
    Rejection huge = bad(wkt.parse("{\"wkt\":\"" + "x".repeat(10_000) + "\"}", null, p), Reason.TOO_LARGE, "200");
    assertThat(huge.raw()).hasSizeLessThan(4200).endsWith("(10010 characters)");
  }
}
