package org.geostream.stream.sink;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.stream.Pipeline;
import org.geostream.stream.agg.Accumulator;
import org.geostream.stream.agg.AggregateSpec;
import org.geostream.stream.agg.Layout;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.window.Rows;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The feature type of a pipeline's results and the conversion of a window result into one
 * feature: {@code cell}, the attribute keys, {@code window_start}, {@code window_end},
 * {@code final}, {@code count}, one attribute per aggregate, and the cell or region polygon as
 * default geometry {@code geom}. The feature id is the window start (UTC, ISO basic) and the
 * key, {@code 20261121T060000Z~8828308281fffff~bus}: the same for every write of a window, so
 * writes are upserts, and ordered by time, so an upsert rewrites only recent files of the fs store.
 */
public final class ResultType implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final GeometryFactory GF = new GeometryFactory();

  private final String typeName;
  private final String spec;
  private final Layout layout;
  private final SpatialKeyer keyer;
  private final List<AggregateSpec> aggregates = new ArrayList<>();
  private transient SimpleFeatureType type;

  public ResultType(String typeName, Pipeline p, SpatialKeyer keyer) {
    this.typeName = typeName;
    this.layout = new Layout(p.aggregates());
    this.keyer = keyer;
    StringBuilder b = new StringBuilder("cell:String");
    for (String a : p.key().attributes()) {
      b.append(',').append(attributeName(a)).append(":String");
    }
    b.append(",window_start:Date,window_end:Date,final:Boolean,count:Long");
    for (AggregateSpec a : p.aggregates()) {
      if (a.fn() == AggregateSpec.Fn.COUNT && a.as().equals("count")) {
        continue;
      }
      aggregates.add(a);
      String binding = switch (a.fn()) {
        case COUNT, DISTINCT -> "Long";
        case EXTENT -> "Geometry:srid=4326";
        case CENTROID -> "Point:srid=4326";
        default -> "Double";
      };
      b.append(',').append(attributeName(a.as())).append(':').append(binding);
    }
    b.append(",*geom:").append(p.key().cell().equals("region") ? "Geometry" : "Polygon").append(":srid=4326");
    this.spec = b.toString();
  }

  /** A field name as an attribute name: letters, digits and '_'. */
  static String attributeName(String field) {
    return field.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The result feature type (with {@code window_start} as its time and daily partitions in the fs store). */
  public SimpleFeatureType featureType() {
    if (type == null) {
      SimpleFeatureType t = FeatureTypes.parseSpec(typeName, spec);
      t.getUserData().put("geostream.dtg", "window_start");
      t.getUserData().put("fs.partition-scheme", "daily");
      type = t;
    }
    return type;
  }

  /** The deterministic id of a key's window. */
  public static String featureId(String key, long windowStart) {
    StringBuilder b = new StringBuilder(ID_TIME.format(Instant.ofEpochMilli(windowStart)));
    for (String part : Rows.split(key)) {
      b.append('~').append(part == null ? "(null)" : part);
    }
    return b.toString();
  }

  /** The feature of a window-result row of the window operator. */
  public SimpleFeature feature(Row row) {
    SimpleFeatureType t = featureType();
    String key = row.getString(1);
    long start = row.getLong(2);
    long end = row.getLong(3);
    Accumulator acc = Accumulator.fromBytes(layout, (byte[]) row.get(6));
    String[] parts = Rows.split(key);
    Object[] values = new Object[t.getAttributeCount()];
    int i = 0;
    for (String part : parts) {
      values[i++] = part;
    }
    values[i++] = new Date(start);
    values[i++] = new Date(end);
    values[i++] = row.getBoolean(4);
    values[i++] = acc.count();
    for (AggregateSpec a : aggregates) {
      Object v = acc.value(a);
      if (v instanceof double[] d && d.length == 4) {
        v = GF.toGeometry(new Envelope(d[0], d[2], d[1], d[3]));
        ((Geometry) v).setSRID(4326);
      } else if (v instanceof double[] d) {
        v = GF.createPoint(new Coordinate(d[0], d[1]));
        ((Geometry) v).setSRID(4326);
      }
      values[i++] = v;
    }
    values[i] = keyer.geometry(parts[0]);
    return new SerializableFeature(values, t, featureId(key, start));
  }
}
