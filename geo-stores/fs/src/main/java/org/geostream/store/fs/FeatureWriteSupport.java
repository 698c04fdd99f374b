package org.geostream.store.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.geostream.core.crs.ProjJson;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.store.fs.ParquetLayout.Kind;
import org.geostream.types.Errors;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes features as GeoParquet 1.1 rows and, when the file closes, its {@code geo} metadata
 * (version, primary column, WKB encoding, geometry types and bbox per geometry column, the bbox
 * covering of the primary column, the CRS when it is not lon/lat WGS 84) plus the feature type
 * under {@code geostream.featureType}. Tracks what the commit log records per file: bounds, time
 * range and id range. One instance per file, not thread-safe.
 */
final class FeatureWriteSupport extends WriteSupport<SimpleFeature> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimpleFeatureType type;
  private final MessageType schema;
  private final Kind[] kinds;
  private final Kind[] elementKinds;
  private final Kind[] keyKinds;
  private final int dateIndex;
  private final int geomIndex;
  private final Envelope[] bounds;
  private final List<TreeSet<String>> geometryTypes;
  private final List<GeometryDescriptor> geometryColumns;
  private RecordConsumer out;
  long minTime = Long.MAX_VALUE;
  long maxTime = Long.MIN_VALUE;
  String minFid;
  String maxFid;
  long rows;

  FeatureWriteSupport(SimpleFeatureType type, String dateAttribute) {
    this.type = type;
    this.schema = ParquetLayout.schema(type);
    int n = type.getAttributeCount();
    kinds = new Kind[n];
    elementKinds = new Kind[n];
    keyKinds = new Kind[n];
    for (int i = 0; i < n; i++) {
      AttributeDescriptor d = type.getDescriptor(i);
      kinds[i] = ParquetLayout.kind(d.getType().getBinding(), d.getLocalName());
      if (kinds[i] == Kind.LIST) {
        elementKinds[i] = ParquetLayout.kind(ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_LIST_TYPE), d.getLocalName());
      } else if (kinds[i] == Kind.MAP) {
        keyKinds[i] = ParquetLayout.kind(ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_MAP_KEY_TYPE), d.getLocalName());
        elementKinds[i] = ParquetLayout.kind(ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_MAP_VALUE_TYPE), d.getLocalName());
      }
    }
    dateIndex = dateAttribute == null ? -1 : type.indexOf(dateAttribute);
    geometryColumns = ParquetLayout.geometryColumns(type);
    geomIndex = type.getGeometryDescriptor() == null ? -1 : type.indexOf(type.getGeometryDescriptor().getLocalName());
    bounds = new Envelope[geometryColumns.size()];
    geometryTypes = new java.util.ArrayList<>();
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = new Envelope();
      geometryTypes.add(new TreeSet<>());
    }
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(SimpleFeature f) {
    String fid = f.getID();
    if (fid == null) {
      throw Errors.cannot("write feature to '" + type.getTypeName() + "'", "the feature has no id", null);
    }
    out.startMessage();
    out.startField(ParquetLayout.FID, 0);
    out.addBinary(Binary.fromString(fid));
    out.endField(ParquetLayout.FID, 0);
    for (int i = 0; i < kinds.length; i++) {
      Object v = f.getAttribute(i);
      if (v == null) {
        continue;
      }
      String name = type.getDescriptor(i).getLocalName();
      try {
        out.startField(name, i + 1);
        switch (kinds[i]) {
          case LIST -> writeList((List<?>) v, elementKinds[i]);
          case MAP -> writeMap((Map<?, ?>) v, keyKinds[i], elementKinds[i]);
          default -> writeValue(kinds[i], v);
        }
        out.endField(name, i + 1);
      } catch (ClassCastException e) {
        throw Errors.cannot("write feature '" + fid + "' to '" + type.getTypeName() + "'",
            "attribute '" + name + "' holds a " + v.getClass().getSimpleName() + " where the schema has "
                + type.getDescriptor(i).getType().getBinding().getSimpleName(), v, e);
      }
      if (kinds[i] == Kind.GEOMETRY) {
        Geometry g = (Geometry) v;
        int gi = geometryIndex(name);
        if (!g.isEmpty()) {
          bounds[gi].expandToInclude(g.getEnvelopeInternal());
        }
        geometryTypes.get(gi).add(g.getGeometryType() + (hasZ(g) ? " Z" : ""));
      }
    }
    if (geomIndex >= 0 && f.getAttribute(geomIndex) instanceof Geometry g && !g.isEmpty()) {
      Envelope e = g.getEnvelopeInternal();
      int idx = kinds.length + 1;
      out.startField(ParquetLayout.BBOX, idx);
      out.startGroup();
      field("xmin", 0, e.getMinX());
      field("ymin", 1, e.getMinY());
      field("xmax", 2, e.getMaxX());
      field("ymax", 3, e.getMaxY());
      out.endGroup();
      out.endField(ParquetLayout.BBOX, idx);
    }
    out.endMessage();
    if (dateIndex >= 0 && f.getAttribute(dateIndex) instanceof Date d) {
      long t = d.getTime();
      minTime = Math.min(minTime, t);
      maxTime = Math.max(maxTime, t);
    }
    if (minFid == null || fid.compareTo(minFid) < 0) {
      minFid = fid;
    }
    if (maxFid == null || fid.compareTo(maxFid) > 0) {
      maxFid = fid;
    }
    rows++;
  }

  private static boolean hasZ(Geometry g) {
    org.locationtech.jts.geom.Coordinate c = g.getCoordinate();
    return c != null && !Double.isNaN(c.getZ());
  }

  private int geometryIndex(String name) {
    for (int i = 0; i < geometryColumns.size(); i++) {
      if (geometryColumns.get(i).getLocalName().equals(name)) {
        return i;
      }
    }
    return 0;
  }

  private void field(String name, int idx, double v) {
    out.startField(name, idx);
    out.addDouble(v);
    out.endField(name, idx);
  }

  private void writeList(List<?> list, Kind element) {
    out.startGroup();
    if (!list.isEmpty()) {
      out.startField("list", 0);
      for (Object e : list) {
        out.startGroup();
        if (e != null) {
          out.startField("element", 0);
          writeValue(element, e);
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  private void writeMap(Map<?, ?> map, Kind key, Kind value) {
    out.startGroup();
    if (!map.isEmpty()) {
      out.startField("key_value", 0);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.startGroup();
        out.startField("key", 0);
        writeValue(key, e.getKey());
        out.endField("key", 0);
        if (e.getValue() != null) {
          out.startField("value", 1);
          writeValue(value, e.getValue());
          out.endField("value", 1);
        }
        out.endGroup();
      }
      out.endField("key_value", 0);
    }
    out.endGroup();
  }

  private void writeValue(Kind k, Object v) {
    switch (k) {
      case STRING, UUID -> out.addBinary(Binary.fromString(v.toString()));
      case INT, SHORT, BYTE -> out.addInteger(((Number) v).intValue());
      case LONG -> out.addLong(((Number) v).longValue());
      case FLOAT -> out.addFloat(((Number) v).floatValue());
      case DOUBLE -> out.addDouble(((Number) v).doubleValue());
      case BOOLEAN -> out.addBoolean((Boolean) v);
      case DATE -> out.addLong(micros((Date) v));
      case BYTES -> out.addBinary(Binary.fromConstantByteArray((byte[]) v));
      case GEOMETRY -> out.addBinary(Binary.fromConstantByteArray(GeometryCodec.encodeIso((Geometry) v)));
      default -> throw new IllegalStateException(k.name());
    }
  }

  /** Microseconds since the epoch; a {@link java.sql.Timestamp} keeps its sub-millisecond part. */
  static long micros(Date d) {
    if (d instanceof java.sql.Timestamp ts) {
      return Math.addExact(Math.multiplyExact(Math.floorDiv(ts.getTime(), 1000L), 1_000_000L), ts.getNanos() / 1000);
    }
    return Math.multiplyExact(d.getTime(), 1000L);
  }

  @Override
  public FinalizedWriteContext finalizeWrite() {
    Map<String, String> meta = new HashMap<>();
    meta.put("geo", geoMetadata());
    meta.put("geostream.featureType", FeatureTypes.encode(type));
    return new FinalizedWriteContext(meta);
  }

  /** The GeoParquet 1.1 {@code geo} metadata of the rows written so far. */
  String geoMetadata() {
    ObjectNode geo = JSON.createObjectNode();
    geo.put("version", "1.1.0");
    if (geometryColumns.isEmpty()) {
      return "{}";
    }
    geo.put("primary_column", geometryColumns.get(0).getLocalName());
    ObjectNode cols = geo.putObject("columns");
    for (int i = 0; i < geometryColumns.size(); i++) {
      GeometryDescriptor d = geometryColumns.get(i);
      ObjectNode c = cols.putObject(d.getLocalName());
      c.put("encoding", "WKB");
      ArrayNode types = c.putArray("geometry_types");
      geometryTypes.get(i).forEach(types::add);
      if (!bounds[i].isNull()) {
        ArrayNode b = c.putArray("bbox");
        b.add(bounds[i].getMinX()).add(bounds[i].getMinY()).add(bounds[i].getMaxX()).add(bounds[i].getMaxY());
      }
      if (i == 0) {
        ObjectNode cov = c.putObject("covering").putObject("bbox");
        for (String k : new String[] {"xmin", "ymin", "xmax", "ymax"}) {
          cov.putArray(k).add(ParquetLayout.BBOX).add(k);
        }
      }
      JsonNode crs = projjson(d.getCoordinateReferenceSystem());
      if (crs != null) {
        c.set("crs", crs);
      }
    }
    return geo.toString();
  }

  /**
   * The CRS for the {@code crs} key: absent (GeoParquet's default, OGC:CRS84) for WGS 84 or no CRS,
   * the full PROJJSON definition when {@link ProjJson} can express it, and JSON null (GeoParquet's
   * "unknown") when it cannot. Coordinates are always written x = longitude/easting, as GeoParquet
   * requires, whatever the CRS's axis order.
   */
  static JsonNode projjson(CoordinateReferenceSystem crs) {
    if (crs == null) {
      return null;
    }
    Integer code;
    try {
      code = CRS.lookupEpsgCode(crs, false);
    } catch (Exception e) {
      code = null;
    }
    if (code != null && code == 4326) {
      return null;
    }
    ObjectNode n = ProjJson.of(crs);
    return n == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : n;
  }

  /** The file's bounds of the default geometry, null when it had none. */
  double[] bbox() {
    if (bounds.length == 0 || bounds[0].isNull()) {
      return null;
    }
    Envelope e = bounds[0];
    return new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
  }
}
