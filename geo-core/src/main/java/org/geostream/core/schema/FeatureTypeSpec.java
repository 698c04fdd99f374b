package org.geostream.core.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;

/**
 * Reader and writer of the compact spec form, documented on {@link FeatureTypes#parseSpec}.
 * Linear in the length of the spec. Thread-safe (stateless).
 */
final class FeatureTypeSpec {
  private static final String PARSE = "parse feature type spec";
  private static final String SPECIAL = ",:;='[]*";

  private FeatureTypeSpec() {}

  // ---------------------------------------------------------------- reading

  static SimpleFeatureType parse(String typeName, String spec) {
    if (typeName == null || typeName.isBlank()) {
      throw Errors.cannot(PARSE, "the type name is empty", typeName);
    }
    if (spec == null) {
      throw Errors.cannot(PARSE, "the spec is null", null);
    }
    List<String> halves = split(spec, ';', spec);
    if (halves.size() > 2) {
      throw Errors.cannot(PARSE, "more than one ';' outside quotes", spec);
    }
    List<AttributeDef> attributes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean hasDefault = false;
    if (!halves.get(0).isBlank()) {
      for (String text : split(halves.get(0), ',', spec)) {
        AttributeDef a = parseAttribute(text.trim(), spec);
        if (!names.add(a.name)) {
          throw Errors.cannot(PARSE, "duplicate attribute name '" + a.name + "'", spec);
        }
        if (a.defaultGeometry && hasDefault) {
          throw Errors.cannot(PARSE, "more than one default geometry, second at attribute '" + a.name + "'", spec);
        }
        hasDefault |= a.defaultGeometry;
        attributes.add(a);
      }
    }
    Map<String, String> typeUserData = new LinkedHashMap<>();
    if (halves.size() == 2 && !halves.get(1).isBlank()) {
      for (String entry : split(halves.get(1), ',', spec)) {
        String[] kv = keyValue(entry, spec);
        if (kv == null) {
          throw Errors.cannot(PARSE, "type user data entry is not key=value", entry.trim());
        }
        typeUserData.put(kv[0], kv[1]);
      }
    }
    return AttributeDef.build(typeName, AttributeDef.GML_NAMESPACE, attributes, typeUserData);
  }

  private static AttributeDef parseAttribute(String text, String spec) {
    if (text.isEmpty()) {
      throw Errors.cannot(PARSE, "empty attribute (two commas in a row?)", spec);
    }
    boolean isDefault = text.startsWith("*");
    List<String> parts = split(isDefault ? text.substring(1) : text, ':', spec);
    String name = unquote(parts.get(0));
    if (name.isEmpty()) {
      throw Errors.cannot(PARSE, "attribute without a name", text);
    }
    if (parts.size() < 2 || parts.get(1).isBlank()) {
      throw Errors.cannot(PARSE, "no type at attribute '" + name + "'", text);
    }
    AttributeDef a = new AttributeDef(name, null);
    parseType(a, parts.get(1).trim(), text);
    for (String option : parts.subList(2, parts.size())) {
      String[] kv = keyValue(option, spec);
      if (kv == null) {
        throw Errors.cannot(PARSE, "option '" + option.trim() + "' is not key=value at attribute '" + name + "'", text);
      }
      applyOption(a, kv[0], kv[1], text);
      isDefault |= a.defaultGeometry;
    }
    if (isDefault && !AttributeTypes.isGeometry(a.binding)) {
      throw Errors.cannot(PARSE, "only a geometry can be the default geometry, at attribute '" + name + "'", text);
    }
    a.defaultGeometry = isDefault;
    return a;
  }

  private static void parseType(AttributeDef a, String type, String text) {
    int open = type.indexOf('[');
    String base = open < 0 ? type : type.substring(0, open).trim();
    Class<?> binding = AttributeTypes.forName(base);
    if (binding == null) {
      throw Errors.cannot(PARSE, "unknown attribute type '" + base + "' at attribute '" + a.name + "'", text);
    }
    a.binding = binding;
    if (open < 0) {
      return;
    }
    if (!type.endsWith("]")) {
      throw Errors.cannot(PARSE, "unclosed '[' in type '" + type + "' at attribute '" + a.name + "'", text);
    }
    List<String> params = split(type.substring(open + 1, type.length() - 1), ',', text);
    if (AttributeTypes.isList(binding) && params.size() == 1) {
      a.userData.put(FeatureTypes.USER_DATA_LIST_TYPE, parameter(params.get(0), a, text).getName());
    } else if (AttributeTypes.isMap(binding) && params.size() == 2) {
      a.userData.put(FeatureTypes.USER_DATA_MAP_KEY_TYPE, parameter(params.get(0), a, text).getName());
      a.userData.put(FeatureTypes.USER_DATA_MAP_VALUE_TYPE, parameter(params.get(1), a, text).getName());
    } else {
      throw Errors.cannot(PARSE, "type '" + type + "' takes no such parameters (List[T] and Map[K,V] do)"
          + " at attribute '" + a.name + "'", text);
    }
  }

  private static Class<?> parameter(String name, AttributeDef a, String text) {
    Class<?> c = AttributeTypes.forName(name.trim());
    if (c == null || AttributeTypes.isList(c) || AttributeTypes.isMap(c)) {
      throw Errors.cannot(PARSE, (c == null ? "unknown" : "nested") + " element type '" + name.trim()
          + "' at attribute '" + a.name + "'", text);
    }
    return c;
  }

  private static void applyOption(AttributeDef a, String key, String value, String text) {
    boolean geometry = AttributeTypes.isGeometry(a.binding);
    switch (key) {
      case "srid", "crs" -> {
        if (!geometry) {
          throw Errors.cannot(PARSE, "option '" + key + "' applies to geometries only, at attribute '" + a.name + "'", text);
        }
        try {
          if (key.equals("crs")) {
            a.crs = CrsCodes.parseWkt(value);
          } else {
            int srid = Integer.parseInt(value.trim());
            a.crs = srid == 0 ? null : CrsCodes.decode(srid, false);
          }
        } catch (NumberFormatException e) {
          throw Errors.cannot(PARSE, "srid '" + value + "' is not an integer at attribute '" + a.name + "'", text);
        } catch (GeoStreamException e) {
          throw Errors.cannot(PARSE, e.reason() + " at attribute '" + a.name + "'", text, e);
        }
      }
      case "default" -> a.defaultGeometry = Boolean.parseBoolean(value.trim());
      default -> a.userData.put(key, value);
    }
  }

  /** Key and unquoted value of {@code key=value}, or null when there is no '=' outside quotes. */
  private static String[] keyValue(String text, String spec) {
    List<String> kv = split(text, '=', spec);
    if (kv.size() < 2) {
      return null;
    }
    int eq = kv.get(0).length();
    return new String[] {unquote(kv.get(0)), unquote(text.substring(eq + 1))};
  }

  /**
   * Splits {@code s} at {@code sep} where it is neither inside single quotes nor inside brackets.
   * A doubled quote inside quotes is a literal quote.
   */
  static List<String> split(String s, char sep, String spec) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && c == '[') {
        depth++;
      } else if (!quoted && c == ']') {
        depth--;
        if (depth < 0) {
          throw Errors.cannot(PARSE, "unbalanced ']' at position " + i, spec);
        }
      } else if (!quoted && depth == 0 && c == sep) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (quoted) {
      throw Errors.cannot(PARSE, "unclosed quote", spec);
    }
    if (depth != 0) {
      throw Errors.cannot(PARSE, "unclosed '['", spec);
    }
    out.add(s.substring(start));
    return out;
  }

  static String unquote(String text) {
    String t = text.trim();
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    return t;
  }

  // ---------------------------------------------------------------- writing

  static String write(SimpleFeatureType sft) {
    StringBuilder sb = new StringBuilder();
    for (AttributeDescriptor d : sft.getAttributeDescriptors()) {
      AttributeDef a = AttributeDef.of(d, sft);
      if (sb.length() > 0) {
        sb.append(',');
      }
      if (a.defaultGeometry) {
        sb.append('*');
      }
      sb.append(quote(a.name)).append(':').append(AttributeTypes.nameOf(a.binding));
      Map<String, String> options = new LinkedHashMap<>(a.userData);
      if (AttributeTypes.isList(a.binding) && options.containsKey(FeatureTypes.USER_DATA_LIST_TYPE)) {
        sb.append('[').append(typeParameter(options.remove(FeatureTypes.USER_DATA_LIST_TYPE))).append(']');
      } else if (AttributeTypes.isMap(a.binding) && options.containsKey(FeatureTypes.USER_DATA_MAP_KEY_TYPE)
          && options.containsKey(FeatureTypes.USER_DATA_MAP_VALUE_TYPE)) {
        sb.append('[').append(typeParameter(options.remove(FeatureTypes.USER_DATA_MAP_KEY_TYPE)))
            .append(',').append(typeParameter(options.remove(FeatureTypes.USER_DATA_MAP_VALUE_TYPE))).append(']');
      }
      if (a.crs != null) {
        int srid = CrsCodes.srid(a.crs);
        sb.append(srid != 0 ? ":srid=" + srid : ":crs=" + quote(CrsCodes.wkt(a.crs)));
      }
      options.forEach((k, v) -> sb.append(':').append(quote(k)).append('=').append(quote(v)));
    }
    Map<String, String> typeUserData = AttributeDef.stringUserData(sft.getUserData());
    if (!typeUserData.isEmpty()) {
      sb.append(';');
      boolean first = true;
      for (Map.Entry<String, String> e : typeUserData.entrySet()) {
        sb.append(first ? "" : ",").append(quote(e.getKey())).append('=').append(quote(e.getValue()));
        first = false;
      }
    }
    return sb.toString();
  }

  private static String typeParameter(String className) {
    Class<?> c = AttributeTypes.forName(className);
    return c == null ? className : AttributeTypes.nameOf(c);
  }

  private static String quote(String s) {
    boolean plain = !s.isEmpty() && s.equals(s.trim());
    for (int i = 0; plain && i < s.length(); i++) {
      plain = SPECIAL.indexOf(s.charAt(i)) < 0;
    }
    return plain ? s : "'" + s.replace("'", "''") + "'";
  }
}
