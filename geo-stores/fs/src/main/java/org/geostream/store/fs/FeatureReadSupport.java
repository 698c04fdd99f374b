package org.geostream.store.fs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.store.fs.ParquetLayout.Kind;
import org.geostream.types.codec.GeometryCodec;

/**
 * Reads GeoParquet rows of the fs layout back into features of a read type (a subset of the stored
 * attributes): only the columns of the read type are decoded, and geometries are decoded from WKB
 * only for rows the Parquet record filter keeps. Columns the file lacks read as null. One instance
 * per reader, not thread-safe.
 */
final class FeatureReadSupport extends ReadSupport<SimpleFeature> {
  private final SimpleFeatureType readType;
  private final boolean withBbox;

  /**
   * @param readType the attributes to read, in this order
   * @param withBbox whether the bbox covering column is read (needed when a filter uses it)
   */
  FeatureReadSupport(SimpleFeatureType readType, boolean withBbox) {
    this.readType = readType;
    this.withBbox = withBbox;
  }

  @Override
  public ReadContext init(InitContext context) {
    return new ReadContext(requested(context.getFileSchema()));
  }

  /** The columns to read from a file with schema {@code file}. */
  MessageType requested(MessageType file) {
    List<Type> fields = new ArrayList<>();
    fields.add(file.getType(ParquetLayout.FID));
    for (AttributeDescriptor d : readType.getAttributeDescriptors()) {
      if (file.containsField(d.getLocalName())) {
        fields.add(file.getType(d.getLocalName()));
      }
    }
    if (withBbox && file.containsField(ParquetLayout.BBOX)) {
      fields.add(file.getType(ParquetLayout.BBOX));
    }
    return new MessageType(file.getName(), fields);
  }

  /** A materializer of features from rows of the {@code requested} columns. */
  RecordMaterializer<SimpleFeature> materializer(MessageType requested) {
    return new Materializer(requested);
  }

  @Override
  public RecordMaterializer<SimpleFeature> prepareForRead(Configuration conf, Map<String, String> meta,
      MessageType fileSchema, ReadContext context) {
    return new Materializer(context.getRequestedSchema());
  }

  private final class Materializer extends RecordMaterializer<SimpleFeature> {
    private final Object[] values = new Object[readType.getAttributeCount()];
    private final Kind[] kinds = new Kind[values.length];
    private Binary fidBinary;
    private final GroupConverter root;

    Materializer(MessageType requested) {
      Converter[] children = new Converter[requested.getFieldCount()];
      for (int f = 0; f < children.length; f++) {
        Type t = requested.getType(f);
        String name = t.getName();
        if (name.equals(ParquetLayout.FID)) {
          children[f] = new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
              fidBinary = value;
            }
          };
        } else if (name.equals(ParquetLayout.BBOX) && readType.getDescriptor(name) == null) {
          children[f] = ignore(t.asGroupType());
        } else {
          int idx = readType.indexOf(name);
          AttributeDescriptor d = readType.getDescriptor(idx);
          Kind k = ParquetLayout.kind(d.getType().getBinding(), name);
          kinds[idx] = k;
          children[f] = switch (k) {
            case LIST -> listConverter(idx, value(ParquetLayout.kind(
                ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_LIST_TYPE), name), d, null, false));
            case MAP -> mapConverter(idx, d);
            // Binary values stay raw until the record survives the Parquet record filter.
            default -> value(k, d, v -> values[idx] = v, true).converter;
          };
        }
      }
      root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return children[fieldIndex];
        }

        @Override
        public void start() {
          java.util.Arrays.fill(values, null);
          fidBinary = null;
        }

        @Override
        public void end() {}
      };
    }

    @Override
    public SimpleFeature getCurrentRecord() {
      Object[] out = values.clone();
      for (int i = 0; i < out.length; i++) {
        if (out[i] instanceof Binary b) {
          out[i] = switch (kinds[i]) {
            case STRING -> b.toStringUsingUTF8();
            case UUID -> UUID.fromString(b.toStringUsingUTF8());
            case GEOMETRY -> GeometryCodec.decode(b.getBytes());
            default -> b.getBytes();
          };
        }
      }
      return new SerializableFeature(out, readType, fidBinary == null ? null : fidBinary.toStringUsingUTF8());
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }

    private GroupConverter listConverter(int idx, Slot element) {
      List<Object> current = new ArrayList<>();
      GroupConverter repeated = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return element.converter;
        }

        @Override
        public void start() {
          element.value = null;
        }

        @Override
        public void end() {
          current.add(element.value);
        }
      };
      return new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return repeated;
        }

        @Override
        public void start() {
          current.clear();
        }

        @Override
        public void end() {
          values[idx] = new ArrayList<>(current);
        }
      };
    }

    private GroupConverter mapConverter(int idx, AttributeDescriptor d) {
      String name = d.getLocalName();
      Slot key = value(ParquetLayout.kind(ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_MAP_KEY_TYPE), name), d,
          null, false);
      Slot val = value(ParquetLayout.kind(ParquetLayout.elementClass(d, FeatureTypes.USER_DATA_MAP_VALUE_TYPE), name),
          d, null, false);
      Map<Object, Object> current = new LinkedHashMap<>();
      GroupConverter entry = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return fieldIndex == 0 ? key.converter : val.converter;
        }

        @Override
        public void start() {
          key.value = null;
          val.value = null;
        }

        @Override
        public void end() {
          current.put(key.value, val.value);
        }
      };
      return new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return entry;
        }

        @Override
        public void start() {
          current.clear();
        }

        @Override
        public void end() {
          values[idx] = new LinkedHashMap<>(current);
        }
      };
    }
  }

  /** A primitive converter and the last value it produced. */
  private static final class Slot {
    PrimitiveConverter converter;
    Object value;
  }

  /** A converter for values of kind {@code k}; {@code raw}: binary values are passed on undecoded. */
  private static Slot value(Kind k, AttributeDescriptor d, java.util.function.Consumer<Object> sink, boolean raw) {
    Slot s = new Slot();
    java.util.function.Consumer<Object> to = sink != null ? sink : v -> s.value = v;
    boolean sqlTimestamp = Timestamp.class.isAssignableFrom(d.getType().getBinding());
    s.converter = new PrimitiveConverter() {
      @Override
      public void addBinary(Binary v) {
        if (raw) {
          to.accept(v);
          return;
        }
        switch (k) {
          case STRING -> to.accept(v.toStringUsingUTF8());
          case UUID -> to.accept(UUID.fromString(v.toStringUsingUTF8()));
          default -> to.accept(v.getBytes());
        }
      }

      @Override
      public void addInt(int v) {
        switch (k) {
          case SHORT -> to.accept((short) v);
          case BYTE -> to.accept((byte) v);
          default -> to.accept(v);
        }
      }

      @Override
      public void addLong(long v) {
        if (k == Kind.DATE) {
          long millis = Math.floorDiv(v, 1000L);
          if (sqlTimestamp) {
            Timestamp ts = new Timestamp(millis);
            ts.setNanos((int) (Math.floorMod(v, 1_000_000L) * 1000));
            to.accept(ts);
          } else {
            to.accept(new Date(millis));
          }
        } else {
          to.accept(v);
        }
      }

      @Override
      public void addFloat(float v) {
        to.accept(v);
      }

      @Override
      public void addDouble(double v) {
        to.accept(v);
      }

      @Override
      public void addBoolean(boolean v) {
        to.accept(v);
      }
    };
    return s;
  }

  private static GroupConverter ignore(GroupType t) {
    Converter[] kids = new Converter[t.getFieldCount()];
    for (int i = 0; i < kids.length; i++) {
      kids[i] = t.getType(i).isPrimitive() ? new PrimitiveConverter() {
        @Override
        public void addDouble(double value) {}
      } : ignore(t.getType(i).asGroupType());
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return kids[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }
}
