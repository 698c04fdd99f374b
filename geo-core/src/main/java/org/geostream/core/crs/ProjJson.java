package org.geostream.core.crs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import org.geotools.api.parameter.GeneralParameterDescriptor;
import org.geotools.api.parameter.GeneralParameterValue;
import org.geotools.api.parameter.ParameterDescriptor;
import org.geotools.api.parameter.ParameterValue;
import org.geotools.api.parameter.ParameterValueGroup;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.IdentifiedObject;
import org.geotools.api.referencing.ReferenceIdentifier;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.crs.GeocentricCRS;
import org.geotools.api.referencing.crs.GeographicCRS;
import org.geotools.api.referencing.crs.ProjectedCRS;
import org.geotools.api.referencing.cs.AxisDirection;
import org.geotools.api.referencing.cs.CartesianCS;
import org.geotools.api.referencing.cs.CoordinateSystem;
import org.geotools.api.referencing.cs.CoordinateSystemAxis;
import org.geotools.api.referencing.cs.EllipsoidalCS;
import org.geotools.api.referencing.datum.Ellipsoid;
import org.geotools.api.referencing.datum.GeodeticDatum;
import org.geotools.api.referencing.datum.PrimeMeridian;
import org.geotools.api.referencing.operation.Conversion;
import org.geotools.api.referencing.operation.OperationMethod;
import org.geotools.api.util.GenericName;
import org.geotools.referencing.CRS;

/**
 * Writes <a href="https://proj.org/specifications/projjson.html">PROJJSON</a> (schema v0.7) for a
 * GeoTools {@link CoordinateReferenceSystem}, as wanted by the GeoParquet 1.1 {@code crs} column
 * metadata.
 *
 * <p>The output is always a <em>complete</em> definition (datum, ellipsoid, coordinate system,
 * conversion method and parameters), never a bare identifier, because readers such as pyproj's
 * {@code CRS.from_json_dict} reject incomplete objects. Supported are:
 *
 * <ul>
 *   <li>geographic CRSs, 2D and 3D ({@code GeographicCRS});
 *   <li>geocentric CRSs with a Cartesian coordinate system ({@code GeodeticCRS});
 *   <li>projected CRSs on a geographic base whose operation method is one of those below.
 * </ul>
 *
 * <p>Projection methods (EPSG codes): Transverse Mercator (9807), Transverse Mercator (South
 * Orientated) (9808), Lambert Conic Conformal 1SP (9801) and 2SP (9802), Mercator variant A (9804)
 * and B (9805), Popular Visualisation Pseudo Mercator (1024), Equidistant Cylindrical (1028),
 * Oblique Stereographic (9809), Polar Stereographic variant A (9810) and B (9829), Lambert
 * Azimuthal Equal Area (9820), Albers Equal Area (9822), Hotine Oblique Mercator variant A (9812)
 * and B (9815, e.g. the Swiss LV95 grid). GeoTools' own (OGC-named) parameters are mapped to the
 * EPSG parameters of the method, with their EPSG names and codes; angles are written in degrees,
 * lengths in metres and scale factors as unity (GeoTools holds them so, whatever the units of the
 * EPSG definition). The WGS 84 datum is written as the plain datum "World Geodetic System 1984",
 * not as a datum ensemble (PROJ treats both as equivalent); Bursa-Wolf (TOWGS84) parameters that a
 * GeoTools datum may carry are not written (PROJJSON would need a BoundCRS).
 *
 * <p>Anything that cannot be expressed faithfully gives {@code null}: other methods; compound,
 * vertical, engineering or derived CRSs; parameters that are unknown, or without value or default;
 * a projection ellipsoid differing from the datum's; non-linear units; unknown axis directions.
 * Callers should then omit the {@code crs} rather than write a wrong one.
 *
 * <h2>Axis order</h2>
 *
 * The PROJJSON describes the CRS exactly as GeoTools holds it, axis order included: {@code
 * CRS.decode("EPSG:4326")} is written latitude first, as EPSG defines it, while {@code
 * CRS.decode("EPSG:4326", true)} (longitude first) is written with the longitude axis first. As
 * the {@code id} of a PROJJSON object asserts that the object <em>is</em> that registry entry, an
 * {@code EPSG} id is written only when the CRS is equal (ignoring metadata) to the EPSG definition
 * in the authority's axis order, as found by {@code CRS.lookupEpsgCode(crs, false)} or declared by
 * the CRS itself, and only for registry codes (1..32767: codes that GeoTools answers as "EPSG" from
 * its ESRI and legacy extensions, such as 102008 or 900913, get no id).
 *
 * <ul>
 *   <li>A longitude-first WGS 84 is identified as {@code OGC:CRS84} (3D with ellipsoidal height:
 *       {@code OGC:CRS84h}), the GeoParquet default; any other longitude-first geographic CRS is
 *       written without an id.
 *   <li>A projected CRS whose projected axes are those of the EPSG definition keeps its EPSG id
 *       even when GeoTools holds its base CRS longitude first (the base axis order does not change
 *       the meaning of projected coordinates); its {@code base_crs} is then written longitude
 *       first, under the rules above. When forcing longitude first also swaps the projected axes
 *       (e.g. EPSG:3035, northing first), the result has no id.
 * </ul>
 *
 * <p>GeoParquet itself always stores coordinates as (x, y) = (longitude, latitude) or (easting,
 * northing), whatever the axis order of the CRS.
 *
 * <p>This class is thread-safe. Results are cached per CRS (bounded), since the EPSG lookups are
 * slow; callers always receive their own copy of the JSON tree.
 */
public final class ProjJson {

  /** The {@code $schema} written at the top level of every PROJJSON object. */
  public static final String SCHEMA = "https://proj.org/schemas/v0.7/projjson.schema.json";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Cache of CRS bodies (without {@code $schema}); empty = not expressible. Never handed out. */
  private static final ConcurrentMap<CoordinateReferenceSystem, Optional<ObjectNode>> CACHE =
      new ConcurrentHashMap<>();

  private static final int CACHE_LIMIT = 512;

  /** Conversion factor to radians written for the degree, as PROJ does. */
  private static final double DEGREE_FACTOR = 0.0174532925199433;

  private static final double REL_TOLERANCE = 1e-12;

  /** GeoTools' custom axis directions, e.g. "South along 45 deg East" (polar projections). */
  private static final Pattern ALONG_MERIDIAN =
      Pattern.compile(
          "(north|south) along (\\d+(?:\\.\\d+)?) deg(?: (east|west))?", Pattern.CASE_INSENSITIVE);

  private static final Pattern NUMERIC_EPSG =
      Pattern.compile("EPSG:(\\d+)", Pattern.CASE_INSENSITIVE);

  /** Named units by kind and conversion factor to the SI unit (radian, metre, unity). */
  private static final Map<Kind, Map<String, Double>> UNIT_NAMES = unitNames();

  /** Operation methods by EPSG code. */
  private static final Map<Integer, MethodSpec> METHODS = methods();

  private ProjJson() {}

  /**
   * Returns the PROJJSON definition of a CRS.
   *
   * @param crs a GeoTools coordinate reference system; may be {@code null}
   * @return a new, complete PROJJSON object (with {@code $schema}), owned by the caller; {@code
   *     null} if {@code crs} is {@code null} or cannot be expressed faithfully (see the class
   *     comment)
   */
  public static ObjectNode of(CoordinateReferenceSystem crs) {
    if (crs == null) {
      return null;
    }
    ObjectNode body = body(crs);
    if (body == null) {
      return null;
    }
    ObjectNode out = NODES.objectNode();
    out.put("$schema", SCHEMA);
    out.setAll(body.deepCopy());
    return out;
  }

  /**
   * Returns the PROJJSON definition of a CRS as compact JSON text.
   *
   * @param crs a GeoTools coordinate reference system; may be {@code null}
   * @return the JSON text of {@link #of(CoordinateReferenceSystem)}, or {@code null} when that is
   *     {@code null}
   */
  public static String toJson(CoordinateReferenceSystem crs) {
    ObjectNode node = of(crs);
    if (node == null) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  // ---------------------------------------------------------------- cache

  /** The shared (never mutated, never handed out) body of a CRS, or null. */
  private static ObjectNode body(CoordinateReferenceSystem crs) {
    Optional<ObjectNode> cached = CACHE.get(crs);
    if (cached == null) {
      ObjectNode built;
      try {
        built = crsNode(crs);
      } catch (Unsupported e) {
        built = null;
      }
      cached = Optional.ofNullable(built);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      Optional<ObjectNode> raced = CACHE.putIfAbsent(crs, cached);
      if (raced != null) {
        cached = raced;
      }
    }
    return cached.orElse(null);
  }

  // ---------------------------------------------------------------- CRS

  private static ObjectNode crsNode(CoordinateReferenceSystem crs) throws Unsupported {
    if (crs instanceof ProjectedCRS) {
      return projected((ProjectedCRS) crs);
    }
    if (crs instanceof GeographicCRS) {
      GeographicCRS geo = (GeographicCRS) crs;
      CoordinateSystem cs = geo.getCoordinateSystem();
      if (!(cs instanceof EllipsoidalCS) || cs.getDimension() < 2 || cs.getDimension() > 3) {
        throw new Unsupported();
      }
      return geodetic("GeographicCRS", geo, geo.getDatum(), (EllipsoidalCS) cs, "ellipsoidal");
    }
    if (crs instanceof GeocentricCRS) {
      GeocentricCRS geo = (GeocentricCRS) crs;
      CoordinateSystem cs = geo.getCoordinateSystem();
      if (!(cs instanceof CartesianCS) || cs.getDimension() != 3) {
        throw new Unsupported();
      }
      return geodetic("GeodeticCRS", geo, geo.getDatum(), cs, "Cartesian");
    }
    throw new Unsupported();
  }

  private static ObjectNode geodetic(
      String type,
      CoordinateReferenceSystem crs,
      GeodeticDatum datum,
      CoordinateSystem cs,
      String subtype)
      throws Unsupported {
    ObjectNode node = NODES.objectNode();
    node.put("type", type);
    node.put("name", name(crs));
    node.set("datum", datum(datum));
    node.set("coordinate_system", coordinateSystem(cs, subtype));
    ObjectNode id = crsId(crs);
    if (id != null) {
      node.set("id", id);
    }
    return node;
  }

  private static ObjectNode projected(ProjectedCRS crs) throws Unsupported {
    GeographicCRS base = crs.getBaseCRS();
    CoordinateSystem cs = crs.getCoordinateSystem();
    if (base == null || !(cs instanceof CartesianCS) || cs.getDimension() != 2) {
      throw new Unsupported();
    }
    ObjectNode baseNode = body(base);
    if (baseNode == null || !"GeographicCRS".equals(baseNode.path("type").asText())) {
      throw new Unsupported();
    }
    ObjectNode node = NODES.objectNode();
    node.put("type", "ProjectedCRS");
    node.put("name", name(crs));
    node.set("base_crs", baseNode.deepCopy());
    node.set("conversion", conversion(crs.getConversionFromBase(), base.getDatum().getEllipsoid()));
    node.set("coordinate_system", coordinateSystem(cs, "Cartesian"));
    ObjectNode id = crsId(crs);
    if (id != null) {
      node.set("id", id);
    }
    return node;
  }

  // ---------------------------------------------------------------- identification

  /**
   * The id of a CRS, or null: EPSG only when GeoTools' EPSG definition (authority axis order) is
   * the same CRS; OGC:CRS84(h) for longitude-first WGS 84.
   */
  private static ObjectNode crsId(CoordinateReferenceSystem crs) {
    Integer code = declaredEpsgCode(crs);
    if (!isEpsgRegistryCode(code)) {
      try {
        code = CRS.lookupEpsgCode(crs, false);
      } catch (FactoryException | RuntimeException e) {
        code = null;
      }
    }
    if (!isEpsgRegistryCode(code)) {
      return null;
    }
    try {
      // The URN form always follows the authority's axis order, whatever the forceXY hints say.
      CoordinateReferenceSystem authority = CRS.decode("urn:ogc:def:crs:EPSG::" + code);
      if (CRS.equalsIgnoreMetadata(authority, crs)) {
        return id("EPSG", code);
      }
      CoordinateReferenceSystem lonFirst = CRS.decode("EPSG:" + code, true);
      if (!CRS.equalsIgnoreMetadata(lonFirst, crs)) {
        return null;
      }
      if (crs instanceof ProjectedCRS) {
        return CRS.equalsIgnoreMetadata(
                authority.getCoordinateSystem(), crs.getCoordinateSystem())
            ? id("EPSG", code)
            : null;
      }
      if (crs instanceof GeographicCRS && code == 4326) {
        return id("OGC", "CRS84");
      }
      if (crs instanceof GeographicCRS && code == 4979) {
        return id("OGC", "CRS84h");
      }
      return null;
    } catch (FactoryException | RuntimeException e) {
      return null;
    }
  }

  /**
   * EPSG registry codes lie in 1..32767 (the GeoTIFF convention). GeoTools also answers "EPSG:"
   * codes such as 102008, 900913 or 42101 from its ESRI and legacy extensions; those are not EPSG
   * entries and must not be written as EPSG ids.
   */
  private static boolean isEpsgRegistryCode(Integer code) {
    return code != null && code >= 1 && code <= 32767;
  }

  private static Integer declaredEpsgCode(IdentifiedObject object) {
    for (ReferenceIdentifier identifier : object.getIdentifiers()) {
      if ("EPSG".equalsIgnoreCase(identifier.getCodeSpace())) {
        Integer code = parseCode(identifier.getCode());
        if (code != null) {
          return code;
        }
      }
    }
    return null;
  }

  /** EPSG code of an operation method, from its identifiers or else a unique numeric alias. */
  private static Integer methodCode(OperationMethod method) {
    Integer code = declaredEpsgCode(method);
    if (code != null) {
      return code;
    }
    Collection<GenericName> aliases = method.getAlias();
    if (aliases == null) {
      return null;
    }
    Integer found = null;
    for (GenericName alias : aliases) {
      Matcher m = NUMERIC_EPSG.matcher(alias.toString().trim());
      if (m.matches()) {
        Integer c = parseCode(m.group(1));
        if (found != null && !found.equals(c)) {
          return null; // ambiguous
        }
        found = c;
      }
    }
    return found;
  }

  private static Integer parseCode(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ObjectNode id(String authority, int code) {
    ObjectNode id = NODES.objectNode();
    id.put("authority", authority);
    id.put("code", code);
    return id;
  }

  private static ObjectNode id(String authority, String code) {
    ObjectNode id = NODES.objectNode();
    id.put("authority", authority);
    id.put("code", code);
    return id;
  }

  private static String name(IdentifiedObject object) {
    if (object.getName() == null) {
      return "unknown";
    }
    String code = object.getName().getCode();
    return code == null || code.isBlank() ? "unknown" : code;
  }

  // ---------------------------------------------------------------- datum

  private static ObjectNode datum(GeodeticDatum datum) throws Unsupported {
    if (datum == null || datum.getEllipsoid() == null) {
      throw new Unsupported();
    }
    ObjectNode node = NODES.objectNode();
    node.put("type", "GeodeticReferenceFrame");
    node.put("name", name(datum));
    node.set("ellipsoid", ellipsoid(datum.getEllipsoid()));
    PrimeMeridian pm = datum.getPrimeMeridian();
    if (pm != null && pm.getGreenwichLongitude() != 0) {
      ObjectNode pmNode = NODES.objectNode();
      pmNode.put("name", name(pm));
      pmNode.set("longitude", measure(pm.getGreenwichLongitude(), pm.getAngularUnit(), Kind.ANGLE));
      node.set("prime_meridian", pmNode);
    }
    return node;
  }

  private static ObjectNode ellipsoid(Ellipsoid ellipsoid) throws Unsupported {
    ObjectNode node = NODES.objectNode();
    node.put("name", name(ellipsoid));
    Unit<?> unit = ellipsoid.getAxisUnit();
    if (ellipsoid.isSphere()) {
      node.set("radius", measure(ellipsoid.getSemiMajorAxis(), unit, Kind.LENGTH));
    } else if (ellipsoid.isIvfDefinitive()) {
      node.set("semi_major_axis", measure(ellipsoid.getSemiMajorAxis(), unit, Kind.LENGTH));
      node.set("inverse_flattening", number(ellipsoid.getInverseFlattening()));
    } else {
      node.set("semi_major_axis", measure(ellipsoid.getSemiMajorAxis(), unit, Kind.LENGTH));
      node.set("semi_minor_axis", measure(ellipsoid.getSemiMinorAxis(), unit, Kind.LENGTH));
    }
    return node;
  }

  // ---------------------------------------------------------------- coordinate system

  private static ObjectNode coordinateSystem(CoordinateSystem cs, String subtype)
      throws Unsupported {
    ObjectNode node = NODES.objectNode();
    node.put("subtype", subtype);
    ArrayNode axes = node.putArray("axis");
    for (int i = 0; i < cs.getDimension(); i++) {
      axes.add(axis(cs.getAxis(i)));
    }
    return node;
  }

  private static ObjectNode axis(CoordinateSystemAxis axis) throws Unsupported {
    ObjectNode node = NODES.objectNode();
    node.put("name", name(axis));
    String abbreviation = axis.getAbbreviation();
    node.put("abbreviation", abbreviation == null ? "" : abbreviation);
    AxisDirection direction = axis.getDirection();
    if (direction == null) {
      throw new Unsupported();
    }
    Matcher along = ALONG_MERIDIAN.matcher(direction.name().trim());
    if (along.matches()) {
      double longitude = Double.parseDouble(along.group(2));
      if ("west".equalsIgnoreCase(along.group(3))) {
        longitude = -longitude;
      }
      if (longitude > 180 || longitude < -180) {
        throw new Unsupported();
      }
      node.put("direction", along.group(1).toLowerCase(Locale.ROOT));
      ObjectNode meridian = NODES.objectNode();
      meridian.set("longitude", number(longitude));
      node.set("meridian", meridian);
    } else {
      node.put("direction", direction(direction));
    }
    Unit<?> unit = axis.getUnit();
    if (unit == null) {
      throw new Unsupported();
    }
    node.set("unit", unit(unit, null));
    return node;
  }

  /** GeoTools' UPPER_SNAKE axis directions to PROJJSON's lowerCamel ones. */
  private static String direction(AxisDirection direction) throws Unsupported {
    String name = direction.name();
    if (name == null || name.isEmpty() || "OTHER".equals(name) || !name.matches("[A-Z_]+")) {
      throw new Unsupported();
    }
    StringBuilder out = new StringBuilder();
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      if (part.isEmpty()) {
        continue;
      }
      if (out.length() == 0) {
        out.append(part);
      } else {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    String result = out.toString();
    return switch (result) {
      case "north", "northNorthEast", "northEast", "eastNorthEast", "east", "eastSouthEast",
          "southEast", "southSouthEast", "south", "southSouthWest", "southWest", "westSouthWest",
          "west", "westNorthWest", "northWest", "northNorthWest", "up", "down", "geocentricX",
          "geocentricY", "geocentricZ", "columnPositive", "columnNegative", "rowPositive",
          "rowNegative", "displayRight", "displayLeft", "displayUp", "displayDown", "future",
          "past" -> result;
      default -> throw new Unsupported();
    };
  }

  // ---------------------------------------------------------------- conversion

  private static ObjectNode conversion(Conversion conversion, Ellipsoid ellipsoid)
      throws Unsupported {
    if (conversion == null || conversion.getMethod() == null) {
      throw new Unsupported();
    }
    Integer code = methodCode(conversion.getMethod());
    MethodSpec spec = code == null ? null : METHODS.get(code);
    ParameterValueGroup group = conversion.getParameterValues();
    if (spec == null || group == null) {
      throw new Unsupported();
    }

    Map<String, ParameterValue<?>> given = new HashMap<>();
    for (GeneralParameterValue value : group.values()) {
      if (!(value instanceof ParameterValue)) {
        throw new Unsupported();
      }
      if (given.put(key(value.getDescriptor()), (ParameterValue<?>) value) != null) {
        throw new Unsupported(); // the same parameter twice
      }
    }

    // The projection's own ellipsoid must be that of the base datum (pseudo-Mercator: its sphere).
    Unit<?> metre = tech.units.indriya.unit.Units.METRE;
    double a = convert(ellipsoid.getSemiMajorAxis(), ellipsoid.getAxisUnit(), metre);
    double b = convert(ellipsoid.getSemiMinorAxis(), ellipsoid.getAxisUnit(), metre);
    ParameterValue<?> semiMajor = given.remove("semi_major");
    ParameterValue<?> semiMinor = given.remove("semi_minor");
    if (semiMajor != null && !close(value(semiMajor, Kind.LENGTH), a)) {
      throw new Unsupported();
    }
    if (semiMinor != null && !close(value(semiMinor, Kind.LENGTH), spec.sphere() ? a : b)) {
      throw new Unsupported();
    }

    ArrayNode parameters = NODES.arrayNode();
    for (ParamSpec p : spec.parameters()) {
      ParameterValue<?> value = given.remove(p.geotoolsName());
      double v = value != null ? value(value, p.kind()) : defaultValue(group, p);
      ObjectNode param = NODES.objectNode();
      param.put("name", p.epsgName());
      param.set("value", number(v));
      param.set("unit", p.kind().standardUnitNode());
      param.set("id", id("EPSG", p.epsgCode()));
      parameters.add(param);
    }
    // Leftovers must be GeoTools extras at their neutral value (e.g. scale_factor 1 for LCC 2SP).
    for (Map.Entry<String, ParameterValue<?>> left : given.entrySet()) {
      Neutral neutral = spec.neutral().get(left.getKey());
      if (neutral == null || !close(value(left.getValue(), neutral.kind()), neutral.value())) {
        throw new Unsupported();
      }
    }

    ObjectNode node = NODES.objectNode();
    node.put("name", name(conversion));
    ObjectNode method = NODES.objectNode();
    method.put("name", spec.name());
    method.set("id", id("EPSG", spec.code()));
    node.set("method", method);
    node.set("parameters", parameters);
    Integer conversionCode = declaredEpsgCode(conversion);
    if (isEpsgRegistryCode(conversionCode)) {
      node.set("id", id("EPSG", conversionCode));
    }
    return node;
  }

  private static String key(GeneralParameterDescriptor descriptor) throws Unsupported {
    if (descriptor == null
        || descriptor.getName() == null
        || descriptor.getName().getCode() == null) {
      throw new Unsupported();
    }
    return descriptor.getName().getCode().toLowerCase(Locale.ROOT);
  }

  /** A parameter value in the standard unit of its kind (degree, metre, unity). */
  private static double value(ParameterValue<?> value, Kind kind) throws Unsupported {
    Object raw = value.getValue();
    if (!(raw instanceof Number)) {
      throw new Unsupported();
    }
    return inStandardUnit(((Number) raw).doubleValue(), value.getUnit(), kind);
  }

  /** The descriptor's default for an EPSG parameter the GeoTools group does not carry. */
  private static double defaultValue(ParameterValueGroup group, ParamSpec p) throws Unsupported {
    GeneralParameterDescriptor d;
    try {
      d = group.getDescriptor().descriptor(p.geotoolsName());
    } catch (RuntimeException e) { // ParameterNotFoundException
      throw new Unsupported();
    }
    if (d instanceof ParameterDescriptor) {
      ParameterDescriptor<?> descriptor = (ParameterDescriptor<?>) d;
      if (descriptor.getDefaultValue() instanceof Number) {
        double v = ((Number) descriptor.getDefaultValue()).doubleValue();
        return inStandardUnit(v, descriptor.getUnit(), p.kind());
      }
    }
    throw new Unsupported();
  }

  /** Converts to the kind's standard unit; a unitless value is accepted only for scales. */
  private static double inStandardUnit(double value, Unit<?> unit, Kind kind) throws Unsupported {
    if (unit == null) {
      if (kind != Kind.SCALE) {
        throw new Unsupported();
      }
      return value;
    }
    return convert(value, unit, kind.unit());
  }

  // ---------------------------------------------------------------- units and numbers

  private enum Kind {
    ANGLE,
    LENGTH,
    SCALE;

    Unit<?> unit() {
      return switch (this) {
        case ANGLE -> org.geotools.measure.Units.DEGREE_ANGLE;
        case LENGTH -> tech.units.indriya.unit.Units.METRE;
        case SCALE -> tech.units.indriya.AbstractUnit.ONE;
      };
    }

    JsonNode standardUnitNode() {
      return switch (this) {
        case ANGLE -> unitObject("AngularUnit", "degree", DEGREE_FACTOR);
        case LENGTH -> NODES.textNode("metre");
        case SCALE -> NODES.textNode("unity");
      };
    }
  }

  private static Kind kindOf(Unit<?> unit) throws Unsupported {
    Unit<?> system = unit.getSystemUnit();
    if (system.equals(tech.units.indriya.unit.Units.RADIAN)) {
      return Kind.ANGLE;
    }
    if (system.equals(tech.units.indriya.unit.Units.METRE)) {
      return Kind.LENGTH;
    }
    if (system.equals(tech.units.indriya.AbstractUnit.ONE)) {
      return Kind.SCALE;
    }
    throw new Unsupported();
  }

  /** Factor from {@code unit} to its SI unit; only plain multiplicative units are accepted. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static double factor(Unit<?> unit) throws Unsupported {
    try {
      UnitConverter c = ((Unit) unit).getConverterToAny(unit.getSystemUnit());
      if (!c.isLinear() || c.convert(0.0) != 0.0) {
        throw new Unsupported();
      }
      double f = c.convert(1.0);
      if (!(f > 0) || Double.isInfinite(f)) {
        throw new Unsupported();
      }
      return f;
    } catch (javax.measure.IncommensurableException | javax.measure.UnconvertibleException e) {
      throw new Unsupported();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static double convert(double value, Unit<?> from, Unit<?> to) throws Unsupported {
    if (from == null) {
      throw new Unsupported();
    }
    if (from.equals(to)) {
      return value;
    }
    try {
      return ((Unit) from).getConverterToAny(to).convert(value);
    } catch (javax.measure.IncommensurableException
        | javax.measure.UnconvertibleException
        | ClassCastException e) {
      throw new Unsupported();
    }
  }

  /** A PROJJSON unit: "metre"/"unity" shortcuts, the degree with its factor, or a named object. */
  private static JsonNode unit(Unit<?> unit, Kind expected) throws Unsupported {
    Kind kind = kindOf(unit);
    if (expected != null && kind != expected) {
      throw new Unsupported();
    }
    double f = factor(unit);
    if (kind == Kind.LENGTH && close(f, 1.0)) {
      return NODES.textNode("metre");
    }
    if (kind == Kind.SCALE && close(f, 1.0)) {
      return NODES.textNode("unity");
    }
    String type =
        switch (kind) {
          case ANGLE -> "AngularUnit";
          case LENGTH -> "LinearUnit";
          case SCALE -> "ScaleUnit";
        };
    for (Map.Entry<String, Double> named : UNIT_NAMES.get(kind).entrySet()) {
      if (close(f, named.getValue())) {
        return unitObject(type, named.getKey(), named.getValue());
      }
    }
    String symbol = unit.toString();
    return unitObject(type, symbol == null || symbol.isBlank() ? "unknown" : symbol, f);
  }

  private static ObjectNode unitObject(String type, String name, double factor) {
    ObjectNode node = NODES.objectNode();
    node.put("type", type);
    node.put("name", name);
    node.put("conversion_factor", factor);
    return node;
  }

  /** A bare number when in the default unit of the kind (degree, metre), else {value, unit}. */
  private static JsonNode measure(double value, Unit<?> unit, Kind kind) throws Unsupported {
    if (unit == null) {
      throw new Unsupported();
    }
    JsonNode unitNode = unit(unit, kind);
    boolean isDefault =
        (kind == Kind.LENGTH && unitNode.isTextual())
            || (kind == Kind.ANGLE && close(factor(unit), Math.PI / 180));
    if (isDefault) {
      return number(value);
    }
    ObjectNode node = NODES.objectNode();
    node.set("value", number(value));
    node.set("unit", unitNode);
    return node;
  }

  /** A JSON number; integral values are written without a fraction. */
  private static JsonNode number(double value) throws Unsupported {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new Unsupported();
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return NODES.numberNode((long) value);
    }
    return NODES.numberNode(value);
  }

  private static boolean close(double x, double y) {
    return x == y || Math.abs(x - y) <= REL_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
  }

  // ---------------------------------------------------------------- tables

  private static Map<Kind, Map<String, Double>> unitNames() {
    return Map.of(
        Kind.ANGLE,
        Map.of(
            "degree", DEGREE_FACTOR,
            "grad", 0.015707963267949,
            "radian", 1.0,
            "arc-minute", 0.000290888208665722,
            "arc-second", 4.84813681109536e-06,
            "microradian", 1e-06),
        Kind.LENGTH,
        Map.of("kilometre", 1000.0, "foot", 0.3048, "US survey foot", 0.304800609601219),
        Kind.SCALE,
        Map.of("parts per million", 1e-06));
  }

  /**
   * One EPSG parameter of a method and the (lower-case) name of the GeoTools parameter carrying it.
   */
  private record ParamSpec(String epsgName, int epsgCode, Kind kind, String geotoolsName) {}

  /** A GeoTools parameter absent from the EPSG method, accepted only at this value. */
  private record Neutral(Kind kind, double value) {}

  /**
   * An EPSG operation method: its parameters in EPSG order, the GeoTools extras allowed at a
   * neutral value, and whether GeoTools projects on the sphere of radius a (pseudo-Mercator).
   */
  private record MethodSpec(
      int code,
      String name,
      boolean sphere,
      List<ParamSpec> parameters,
      Map<String, Neutral> neutral) {}

  private static Map<Integer, MethodSpec> methods() {
    ParamSpec latNat = angle("Latitude of natural origin", 8801, "latitude_of_origin");
    ParamSpec lonNat = angle("Longitude of natural origin", 8802, "central_meridian");
    ParamSpec kNat = scale("Scale factor at natural origin", 8805, "scale_factor");
    ParamSpec fe = length("False easting", 8806, "false_easting");
    ParamSpec fn = length("False northing", 8807, "false_northing");
    ParamSpec latFalse = angle("Latitude of false origin", 8821, "latitude_of_origin");
    ParamSpec lonFalse = angle("Longitude of false origin", 8822, "central_meridian");
    ParamSpec lat1 = angle("Latitude of 1st standard parallel", 8823, "standard_parallel_1");
    ParamSpec lat2 = angle("Latitude of 2nd standard parallel", 8824, "standard_parallel_2");
    ParamSpec feFalse = length("Easting at false origin", 8826, "false_easting");
    ParamSpec fnFalse = length("Northing at false origin", 8827, "false_northing");
    ParamSpec latCentre = angle("Latitude of projection centre", 8811, "latitude_of_center");
    ParamSpec lonCentre = angle("Longitude of projection centre", 8812, "longitude_of_center");
    ParamSpec azimuth = angle("Azimuth at projection centre", 8813, "azimuth");
    ParamSpec gamma = angle("Angle from Rectified to Skew Grid", 8814, "rectified_grid_angle");
    ParamSpec kCentre = scale("Scale factor at projection centre", 8815, "scale_factor");
    ParamSpec feCentre = length("Easting at projection centre", 8816, "false_easting");
    ParamSpec fnCentre = length("Northing at projection centre", 8817, "false_northing");
    ParamSpec latNatC = angle("Latitude of natural origin", 8801, "latitude_of_center");
    ParamSpec lonNatC = angle("Longitude of natural origin", 8802, "longitude_of_center");
    // GeoTools names the polar stereographic (B) standard parallel after ESRI.
    ParamSpec latStd = angle("Latitude of standard parallel", 8832, "standard_parallel_1");
    ParamSpec lonOrigin = angle("Longitude of origin", 8833, "central_meridian");

    Map<String, Neutral> none = Map.of();
    Map<String, Neutral> unitScale = Map.of("scale_factor", new Neutral(Kind.SCALE, 1.0));
    Map<String, Neutral> zeroLat = Map.of("latitude_of_origin", new Neutral(Kind.ANGLE, 0.0));
    List<ParamSpec> natural = List.of(latNat, lonNat, kNat, fe, fn);
    List<ParamSpec> falseOrigin2sp = List.of(latFalse, lonFalse, lat1, lat2, feFalse, fnFalse);

    Map<Integer, MethodSpec> m = new HashMap<>();
    add(m, 9807, "Transverse Mercator", natural, none);
    add(m, 9808, "Transverse Mercator (South Orientated)", natural, none);
    add(m, 9801, "Lambert Conic Conformal (1SP)", natural, none);
    add(m, 9802, "Lambert Conic Conformal (2SP)", falseOrigin2sp, unitScale);
    add(m, 9804, "Mercator (variant A)", natural, none);
    add(m, 9805, "Mercator (variant B)", List.of(lat1, lonNat, fe, fn), zeroLat);
    m.put(
        1024,
        new MethodSpec(
            1024,
            "Popular Visualisation Pseudo Mercator",
            true,
            List.of(latNat, lonNat, fe, fn),
            unitScale));
    add(m, 1028, "Equidistant Cylindrical", List.of(lat1, lonNat, fe, fn), zeroLat);
    add(m, 9809, "Oblique Stereographic", natural, none);
    add(m, 9810, "Polar Stereographic (variant A)", natural, none);
    add(m, 9829, "Polar Stereographic (variant B)", List.of(latStd, lonOrigin, fe, fn), none);
    add(m, 9820, "Lambert Azimuthal Equal Area", List.of(latNatC, lonNatC, fe, fn), none);
    add(m, 9822, "Albers Equal Area", falseOrigin2sp, none);
    add(
        m,
        9812,
        "Hotine Oblique Mercator (variant A)",
        List.of(latCentre, lonCentre, azimuth, gamma, kCentre, fe, fn),
        none);
    add(
        m,
        9815,
        "Hotine Oblique Mercator (variant B)",
        List.of(latCentre, lonCentre, azimuth, gamma, kCentre, feCentre, fnCentre),
        none);
    return Map.copyOf(m);
  }

  private static ParamSpec angle(String epsgName, int epsgCode, String geotoolsName) {
    return new ParamSpec(epsgName, epsgCode, Kind.ANGLE, geotoolsName);
  }

  private static ParamSpec length(String epsgName, int epsgCode, String geotoolsName) {
    return new ParamSpec(epsgName, epsgCode, Kind.LENGTH, geotoolsName);
  }

  private static ParamSpec scale(String epsgName, int epsgCode, String geotoolsName) {
    return new ParamSpec(epsgName, epsgCode, Kind.SCALE, geotoolsName);
  }

  private static void add(
      Map<Integer, MethodSpec> methods,
      int code,
      String name,
      List<ParamSpec> parameters,
      Map<String, Neutral> neutral) {
    methods.put(code, new MethodSpec(code, name, false, parameters, neutral));
  }

  /** Internal signal: the CRS cannot be expressed faithfully. */
  private static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }
}
