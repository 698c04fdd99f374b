package org.geostream.core.kryo;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.types.Errors;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;

/**
 * A feature type with its wire text and one {@link ValueCodec} per attribute, worked out once.
 *
 * <p>The wire text is the shortest lossless text of the type: {@code name + '\n' + spec} (the
 * {@link FeatureTypes#toSpec spec form}, e.g. 60 bytes for a 4-attribute point type) when parsing
 * it back gives a type with the same {@link FeatureTypes#encode JSON encoding}, else that JSON
 * (which starts with '{'; e.g. 220 bytes for the same type). A JVM-wide cache maps wire texts to
 * codecs, so each type is decoded once per JVM however many features carry it. Immutable and
 * thread-safe.
 */
final class TypeCodec {
  /** Beyond this many distinct types the cache starts over, bounding memory if types never repeat. */
  private static final int MAX_CACHED = 10_000;
  private static final ConcurrentHashMap<String, TypeCodec> BY_WIRE = new ConcurrentHashMap<>();

  final SimpleFeatureType type;
  final String wire;
  final ValueCodec[] codecs;
  final int bitmapBytes;

  private TypeCodec(SimpleFeatureType type, String wire) {
    this.type = type;
    this.wire = wire;
    int n = type.getAttributeCount();
    this.codecs = new ValueCodec[n];
    for (int i = 0; i < n; i++) {
      AttributeDescriptor d = type.getDescriptor(i);
      codecs[i] = ValueCodec.of(d.getType().getBinding(), FeatureTypes.listType(d), FeatureTypes.mapKeyType(d),
          FeatureTypes.mapValueType(d));
    }
    this.bitmapBytes = (n + 7) >>> 3;
  }

  /**
   * The codec of a type read as {@code wire}; decodes it on the first call in this JVM.
   *
   * @throws org.geostream.types.GeoStreamException when the text is neither form
   */
  static TypeCodec forWire(String wire) {
    TypeCodec codec = BY_WIRE.get(wire);
    if (codec == null) {
      codec = remember(new TypeCodec(decode(wire), wire));
    }
    return codec;
  }

  /** The codec of {@code type}; works out its wire text (cost: a few encodings of the type). */
  static TypeCodec forType(SimpleFeatureType type) {
    String wire = wireText(type);
    TypeCodec codec = BY_WIRE.get(wire);
    return codec != null ? codec : remember(new TypeCodec(type, wire));
  }

  private static String wireText(SimpleFeatureType type) {
    String json = FeatureTypes.encode(type);
    String name = type.getTypeName();
    if (!name.startsWith("{") && name.indexOf('\n') < 0) {
      try {
        String spec = FeatureTypes.toSpec(type);
        if (FeatureTypes.encode(FeatureTypes.parseSpec(name, spec)).equals(json)) {
          return name + '\n' + spec;
        }
      } catch (RuntimeException e) {
        // a type the spec form cannot express: JSON it is
      }
    }
    return json;
  }

  private static SimpleFeatureType decode(String wire) {
    if (wire.startsWith("{")) {
      return FeatureTypes.decode(wire);
    }
    int nl = wire.indexOf('\n');
    if (nl < 0) {
      throw Errors.cannot("read feature", "the feature type text is neither JSON nor name and spec", wire);
    }
    return FeatureTypes.parseSpec(wire.substring(0, nl), wire.substring(nl + 1));
  }

  private static TypeCodec remember(TypeCodec codec) {
    if (BY_WIRE.size() >= MAX_CACHED) {
      BY_WIRE.clear();
    }
    TypeCodec previous = BY_WIRE.putIfAbsent(codec.wire, codec);
    return previous != null ? previous : codec;
  }

  /**
   * The codecs of the types one serializer writes, by type identity: finding a type's wire text
   * takes a few encodings, which must not happen per record. Tuned for the one thread a Kryo
   * instance runs on (a volatile last-type check), safe for more (synchronized map).
   */
  static final class WriterCache {
    private static final int MAX = 64;
    private final Map<SimpleFeatureType, TypeCodec> byType = new IdentityHashMap<>();
    private volatile TypeCodec last;

    TypeCodec get(SimpleFeatureType type) {
      TypeCodec codec = last;
      if (codec != null && codec.type == type) {
        return codec;
      }
      synchronized (byType) {
        codec = byType.get(type);
        if (codec == null) {
          if (byType.size() >= MAX) {
            byType.clear();
          }
          codec = forType(type);
          byType.put(type, codec);
        }
      }
      last = codec;
      return codec;
    }
  }
}
