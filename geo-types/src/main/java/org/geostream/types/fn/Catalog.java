package org.geostream.types.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.locationtech.jts.geom.Geometry;

/**
 * The whole function catalogue: every scalar signature and aggregate, gathered from the family
 * classes once per JVM. Lookup is by lower-cased name. Immutable after construction, thread-safe.
 */
public final class Catalog {
  private static final Catalog INSTANCE = build();

  private final Map<String, List<FunctionDef>> functions = new LinkedHashMap<>();
  private final Map<String, AggregateDef> aggregates = new LinkedHashMap<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private final Map<String, String> families = new LinkedHashMap<>();
  private String family = "";

  private Catalog() {}

  /** The catalogue of this JVM. */
  public static Catalog get() {
    return INSTANCE;
  }

  private static Catalog build() {
    Catalog c = new Catalog();
    c.family = "Constructors";
    Constructors.define(c);
    c.family = "Accessors";
    Accessors.define(c);
    c.family = "Outputs and casts";
    Outputs.define(c);
    c.family = "Spatial relationships";
    Predicates.define(c);
    c.family = "Measures";
    Measures.define(c);
    c.family = "Processing";
    Processing.define(c);
    c.family = "Cells: geohash and H3";
    Cells.define(c);
    c.family = "Aggregates";
    Aggregates.define(c);
    return c;
  }

  /** All scalar functions, by display name (as defined), each with its signatures. */
  public Map<String, List<FunctionDef>> functions() {
    return Collections.unmodifiableMap(functions);
  }

  /** All aggregates, by display name. */
  public Map<String, AggregateDef> aggregates() {
    return Collections.unmodifiableMap(aggregates);
  }

  /** The family (section of the reference) a function or aggregate was defined in. */
  public String family(String name) {
    return families.getOrDefault(name, "");
  }

  /** Alias name to the name it stands for, both as displayed. */
  public Map<String, String> aliases() {
    return Collections.unmodifiableMap(aliases);
  }

  /** The signatures of a scalar function or alias, looked up case-insensitively; empty if none. */
  public List<FunctionDef> lookup(String name) {
    String key = canonical(name);
    for (Map.Entry<String, List<FunctionDef>> e : functions.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  /** The aggregate of that name (case-insensitive), or null. */
  public AggregateDef lookupAggregate(String name) {
    for (Map.Entry<String, AggregateDef> e : aggregates.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private String canonical(String name) {
    for (Map.Entry<String, String> e : aliases.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return name;
  }

  // ---------------------------------------------------------------- definition DSL

  /** Starts a signature of function {@code name} returning {@code result}. */
  Sig fn(String name, ValueType result, String doc, String example) {
    return new Sig(name, result, doc, example);
  }

  /** Registers {@code alias} as another name of {@code target}. */
  void alias(String alias, String target) {
    aliases.put(alias, target);
  }

  void aggregate(AggregateDef def) {
    aggregates.put(def.name(), def);
    families.put(def.name(), family);
  }

  private void add(FunctionDef def) {
    List<FunctionDef> sigs = functions.computeIfAbsent(def.name(), k -> new ArrayList<>());
    families.putIfAbsent(def.name(), family);
    for (FunctionDef existing : sigs) {
      if (existing.args().size() == def.args().size()) {
        throw new IllegalStateException("Two signatures of " + def.name() + " with " + def.args().size() + " arguments");
      }
    }
    sigs.add(def);
  }

  /** One signature under construction; a terminal method ({@code g}, {@code gg}, {@code k}, …) adds it. */
  final class Sig {
    private final String name;
    private final ValueType result;
    private final String doc;
    private final String example;
    private PreparedKernel first;
    private PreparedKernel second;
    private Kernel geomesa;
    private boolean nullTolerant;
    private IntPredicate pointFirst;
    private IntPredicate pointSecond;

    private Sig(String name, ValueType result, String doc, String example) {
      this.name = name;
      this.result = result;
      this.doc = doc;
      this.example = example;
    }

    Sig prepared(PreparedKernel whenFirstConstant, PreparedKernel whenSecondConstant) {
      this.first = whenFirstConstant;
      this.second = whenSecondConstant;
      return this;
    }

    /**
     * Point-in-polygon shortcuts: when the first (second) argument is a constant polygonal geometry
     * and the other a point, the result is the test applied to the point's JTS {@code Location}.
     */
    Sig pointInArea(IntPredicate whenFirstConstant, IntPredicate whenSecondConstant) {
      this.pointFirst = whenFirstConstant;
      this.pointSecond = whenSecondConstant;
      return this;
    }

    Sig geomesa(Kernel compat) {
      this.geomesa = compat;
      return this;
    }

    Sig nullTolerant() {
      this.nullTolerant = true;
      return this;
    }

    /** Adds the signature with an explicit kernel and argument types. */
    void k(Kernel kernel, ValueType... args) {
      add(new FunctionDef(name, List.of(args), result, kernel, doc, example, nullTolerant, first, second, geomesa,
          null, pointFirst, pointSecond));
    }

    /**
     * Adds the signature whose body is the public static method {@code method} of {@code owner}, with
     * Java parameter types matching {@code args} (double, int, long, boolean, byte[] for encoded
     * geometries and binary) and a boxed, nullable or byte[] result. Generated code calls it with
     * unboxed values, with no argument array and no conversion; interpreted evaluation goes through a
     * method handle.
     */
    void direct(Class<?> owner, String method, ValueType... args) {
      Method m = null;
      for (Method candidate : owner.getMethods()) {
        if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length
            && Modifier.isStatic(candidate.getModifiers())) {
          m = candidate;
        }
      }
      if (m == null) {
        throw new IllegalStateException("No static method " + owner.getName() + "." + method + " with " + args.length + " parameters");
      }
      if (result == ValueType.GEOMETRY && m.getReturnType() == byte[].class) {
        throw new IllegalStateException(name + ": a direct method returning encoded bytes must declare GEOMETRY_BYTES");
      }
      for (int i = 0; i < args.length; i++) {
        if (m.getParameterTypes()[i] != javaType(args[i])) {
          throw new IllegalStateException(owner.getName() + "." + method + " parameter " + i + " must be " + javaType(args[i]));
        }
      }
      MethodHandle handle;
      try {
        handle = MethodHandles.publicLookup().unreflect(m);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      MethodHandle h = handle;
      Kernel kernel = a -> {
        try {
          return h.invokeWithArguments(a);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      };
      add(new FunctionDef(name, List.of(args), result, kernel, doc, example, nullTolerant, first, second, geomesa,
          m, pointFirst, pointSecond));
    }


    /** One geometry argument. */
    void g(G1 f) {
      k(a -> f.apply((Geometry) a[0]), ValueType.GEOMETRY);
    }

    /** Two geometry arguments. */
    void gg(G2 f) {
      k(a -> f.apply((Geometry) a[0], (Geometry) a[1]), ValueType.GEOMETRY, ValueType.GEOMETRY);
    }

    /** A geometry and a double. */
    void gd(GD f) {
      k(a -> f.apply((Geometry) a[0], (Double) a[1]), ValueType.GEOMETRY, ValueType.DOUBLE);
    }

    /** A geometry and an int. */
    void gi(GI f) {
      k(a -> f.apply((Geometry) a[0], (Integer) a[1]), ValueType.GEOMETRY, ValueType.INT);
    }

    /** A string. */
    void s(S1 f) {
      k(a -> f.apply((String) a[0]), ValueType.STRING);
    }
  }

  /** Geometry to value. */
  @FunctionalInterface
  interface G1 {
    Object apply(Geometry g);
  }

  /** Two geometries to value. */
  @FunctionalInterface
  interface G2 {
    Object apply(Geometry a, Geometry b);
  }

  /** Geometry and double to value. */
  @FunctionalInterface
  interface GD {
    Object apply(Geometry g, double d);
  }

  /** Geometry and int to value. */
  @FunctionalInterface
  interface GI {
    Object apply(Geometry g, int i);
  }

  /** String to value. */
  @FunctionalInterface
  interface S1 {
    Object apply(String s);
  }

  /** The Java parameter type a direct method takes for a value type. */
  public static Class<?> javaType(ValueType t) {
    return switch (t) {
      case DOUBLE -> double.class;
      case INT -> int.class;
      case LONG -> long.class;
      case BOOLEAN -> boolean.class;
      case GEOMETRY_BYTES, BINARY -> byte[].class;
      default -> throw new IllegalArgumentException("No direct parameter type for " + t);
    };
  }
}
