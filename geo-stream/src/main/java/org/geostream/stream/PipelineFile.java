package org.geostream.stream;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.geostream.stream.agg.AggregateSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A {@link Pipeline} written as a YAML file (the format is in {@code docs/geo-stream.md}).
 * Everything is validated before anything runs; an error names the file, line, column and field
 * ({@code pipeline.yaml:12:9: window.size: ...}). Field names may be written {@code kebab-case},
 * {@code snake_case} or {@code camelCase}; {@code ${NAME}} and {@code ${NAME:-default}} in values
 * are replaced by environment variables (or Java system properties); relative paths resolve
 * against the file's directory. Overrides ({@code --set window.size=10m}) replace or add single
 * values before validation. Stateless and thread-safe.
 */
public final class PipelineFile {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern AGGREGATE = Pattern.compile(
      "\\s*([A-Za-z_]+)\\s*(?:\\(\\s*([^,()\\s]*)\\s*(?:,\\s*([^()\\s]+)\\s*)?\\))?\\s*(?:(?i:as)\\s+(\\S+))?\\s*");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

  /** Sections holding free-form name/value pairs, whose names may contain dots. */
  private static final java.util.Set<String> MAP_VALUED = java.util.Set.of("params", "options", "regionstore");

  private final String origin;
  private final Path base;
  private final Map<Node, String> overridden = new IdentityHashMap<>();

  private PipelineFile(String origin, Path base) {
    this.origin = origin;
    this.base = base;
  }

  /** Reads the pipeline file at {@code path}. */
  public static Pipeline load(String path) {
    return load(Path.of(path), Map.of());
  }

  /**
   * Reads the pipeline file at {@code path}, with {@code overrides} (dotted field paths to YAML
   * values, e.g. {@code window.size -> 10m}) applied first.
   */
  public static Pipeline load(Path path, Map<String, String> overrides) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineFileException(path.toString(), 0, 0, "", "Cannot read the pipeline file: " + e, e);
    }
    Path dir = path.toAbsolutePath().getParent();
    return new PipelineFile(path.toString(), dir).read(text, overrides);
  }

  /**
   * Reads a pipeline from YAML (or JSON) text; {@code origin} names it in errors. Relative paths
   * stay relative to the working directory.
   */
  public static Pipeline parse(String text, String origin) {
    return parse(text, origin, Map.of());
  }

  /** {@link #parse(String, String)} with overrides applied first. */
  public static Pipeline parse(String text, String origin, Map<String, String> overrides) {
    return new PipelineFile(origin, null).read(text, overrides);
  }

  private Pipeline read(String text, Map<String, String> overrides) {
    Node root;
    try {
      root = yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new PipelineFileException(origin, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "",
          "not valid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new PipelineFileException(origin, 0, 0, "", "not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new PipelineFileException(origin, 0, 0, "", "the pipeline file is empty", null);
    }
    if (!(root instanceof MappingNode m)) {
      throw error(root, "", "a pipeline file is a mapping of name, source, parser, key, window, aggregates, sink, "
          + "checkpoint; found a " + kind(root));
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      override(m, o.getKey(), o.getValue());
    }
    return pipeline(new Section(m, ""));
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    return new Yaml(options);
  }

  private Pipeline pipeline(Section s) {
    String name = s.string("name", null);
    if (name == null) {
      throw error(s.node, "name", "a pipeline needs a name (letters, digits, '_', '.' or '-')");
    }
    SourceSpec source = source(s.section("source", true));
    Section ps = s.section("parser", false);
    ParserSpec parser = ps == null ? null : parser(ps);
    if (parser == null && !(source instanceof SourceSpec.Generator)) {
      throw error(s.node, "parser", "a " + Pipeline.kind(source) + " source needs a parser (format, lon/lat or "
          + "geometry, time)");
    }
    KeySpec key = key(s.section("key", true));
    WindowSpec window = window(s.section("window", true));
    List<AggregateSpec> aggregates = aggregates(s);
    SinkSpec sink = sink(s.section("sink", true), true);
    Section q = s.section("quarantine", false);
    Section l = s.section("late", false);
    SinkSpec quarantine = q == null ? null : sink(q, false);
    SinkSpec late = l == null ? null : sink(l, false);
    String checkpoint = s.path("checkpoint", null);
    if (checkpoint == null) {
      throw error(s.node, "checkpoint", "a pipeline needs a checkpoint directory (offsets, state and commits; a "
          + "restart continues from it)");
    }
    Duration trigger = s.duration("trigger", Duration.ZERO);
    int partitions = s.integer("partitions", 0, 0, 10_000);
    s.done();
    return s.build(() -> new Pipeline(name, source, parser, key, window, aggregates, sink, quarantine, late,
        checkpoint, trigger, partitions));
  }

  private SourceSpec source(Section s) {
    String type = s.choice("type", null, "generator", "files", "socket", "kafka");
    SourceSpec spec = switch (type) {
      case "generator" -> {
        int vehicles = s.integer("vehicles", 1000, 1, Integer.MAX_VALUE);
        Duration sample = s.duration("sample", Duration.ofSeconds(30));
        Instant start = s.instant("start", Instant.parse("2026-01-01T00:00:00Z"));
        Duration batch = s.duration("batch", Duration.ofMinutes(5));
        Duration duration = s.duration("duration", Duration.ofHours(1));
        long seed = s.integer("seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        double lateFraction = s.number("late-fraction", 0);
        Duration lateBy = s.duration("late-by", Duration.ZERO);
        yield s.build(() -> new SourceSpec.Generator(vehicles, sample, start, batch, duration, seed, lateFraction,
            lateBy));
      }
      case "files" -> {
        String path = s.path("path", null);
        if (path == null) {
          throw error(s.node, s.field("path"), "a files source needs the path of the directory to watch");
        }
        String format = s.choice("format", null, "csv", "json", "geojson", "parquet");
        int max = s.integer("max-files-per-trigger", 0, 0, Integer.MAX_VALUE);
        yield new SourceSpec.Files(path, format, max);
      }
      case "socket" -> {
        String host = s.string("host", "localhost");
        int port = s.integer("port", -1, 1, 65535);
        if (port < 0) {
          throw error(s.node, s.field("port"), "a socket source needs a port");
        }
        yield new SourceSpec.Socket(host, port);
      }
      default -> {
        String servers = s.required("bootstrap-servers", "the Kafka brokers, host:port[,host:port]");
        String topic = s.required("topic", "the topic to read");
        yield new SourceSpec.Kafka(servers, topic, s.map("options"));
      }
    };
    s.done();
    return spec;
  }

  private ParserSpec parser(Section s) {
    String format = s.choice("format", "json", "csv", "json", "geojson");
    List<String> columns = s.strings("columns");
    String delimiter = s.string("delimiter", ",");
    if (delimiter.length() != 1) {
      throw error(s.get("delimiter"), s.field("delimiter"), "a CSV delimiter is one character, got '" + delimiter
          + "'");
    }
    String lon = s.string("lon", null);
    String lat = s.string("lat", null);
    String geometry = s.string("geometry", null);
    String encoding = s.has("geometry-encoding") ? s.choice("geometry-encoding", null, "wkt", "wkb", "geojson")
        : null;
    String time = s.string("time", null);
    String timeFormat = s.string("time-format", null);
    String zone = s.string("zone", null);
    if (zone != null) {
      try {
        java.time.ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw error(s.get("zone"), s.field("zone"), "unknown time zone '" + zone + "'");
      }
    }
    if (timeFormat != null && !List.of("iso", "epoch-seconds", "epoch-millis").contains(timeFormat)) {
      try {
        java.time.format.DateTimeFormatter.ofPattern(timeFormat);
      } catch (IllegalArgumentException e) {
        throw error(s.get("time-format"), s.field("time-format"), "not iso, epoch-seconds, epoch-millis or a valid "
            + "date-time pattern: " + e.getMessage());
      }
    }
    int maxBytes = s.integer("max-record-bytes", 0, 0, Integer.MAX_VALUE);
    s.done();
    return s.build(() -> new ParserSpec(format, columns.isEmpty() ? null : columns, delimiter.charAt(0), lon, lat,
        geometry, encoding, time, timeFormat, zone, maxBytes));
  }

  private KeySpec key(Section s) {
    String cell = s.choice("cell", "h3", "h3", "geohash", "grid", "region");
    int resolution = switch (cell) {
      case "h3" -> s.integer("resolution", 8, 0, 15);
      case "geohash" -> s.integer("resolution", 6, 1, 12);
      default -> s.integer("resolution", 0, 0, 15);
    };
    double gridSize = s.number("grid-size", cell.equals("grid") ? Double.NaN : 0);
    if (cell.equals("grid") && Double.isNaN(gridSize)) {
      throw error(s.node, s.field("grid-size"), "a grid key needs grid-size (degrees)");
    }
    String regions = s.path("regions", null);
    Map<String, String> regionStore = s.has("region-store") ? resolveStore(s.map("region-store")) : null;
    String regionType = s.string("region-type", null);
    String regionName = s.string("region-name", null);
    List<String> attributes = s.strings("attributes");
    s.done();
    return s.build(() -> new KeySpec(cell, resolution, gridSize, regions, regionStore, regionType, regionName,
        attributes));
  }

  private WindowSpec window(Section s) {
    Duration size = s.duration("size", null);
    if (size == null) {
      throw error(s.node, s.field("size"), "a window needs a size (e.g. 10m)");
    }
    Duration slide = s.duration("slide", null);
    Duration watermark = s.duration("watermark", Duration.ZERO);
    String emit = s.choice("emit", "update", "update", "final");
    s.done();
    return s.build(() -> new WindowSpec(size, slide, watermark, WindowSpec.Emit.valueOf(emit.toUpperCase(Locale.ROOT))));
  }

  private List<AggregateSpec> aggregates(Section s) {
    Node n = s.get("aggregates");
    List<AggregateSpec> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof SequenceNode seq)) {
      throw error(n, "aggregates", "expected a list of aggregates (e.g. - count, - avg(speed)), found a " + kind(n));
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String field = "aggregates[" + i + "]";
      if (item instanceof ScalarNode sc) {
        String text = substitute(sc, field);
        Matcher m = AGGREGATE.matcher(text);
        if (!m.matches()) {
          throw error(item, field, "expected fn, fn(field), quantile(field, p), each optionally followed by 'as name'; "
              + "got '" + text + "'");
        }
        out.add(aggregate(item, field, m.group(1), m.group(2) == null || m.group(2).isEmpty() ? null : m.group(2),
            m.group(3), m.group(4)));
      } else if (item instanceof MappingNode mn) {
        Section a = new Section(mn, field);
        String fn = a.required("fn", "the aggregate function");
        String f = a.string("field", null);
        String p = a.string("p", null);
        String as = a.string("as", null);
        a.done();
        out.add(aggregate(item, field, fn, f, p, as));
      } else {
        throw error(item, field, "expected an aggregate such as avg(speed), found a " + kind(item));
      }
    }
    return out;
  }

  private AggregateSpec aggregate(Node n, String field, String fn, String f, String p, String as) {
    try {
      AggregateSpec.Fn function = AggregateSpec.Fn.of(fn);
      double prob = Double.NaN;
      if (p != null) {
        try {
          prob = Double.parseDouble(p);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the quantile probability is not a number: '" + p + "'");
        }
      }
      if (p != null && function != AggregateSpec.Fn.QUANTILE) {
        throw new IllegalArgumentException(fn + " takes one field, not a probability");
      }
      if (function == AggregateSpec.Fn.QUANTILE && p == null) {
        throw new IllegalArgumentException("quantile needs a probability: quantile(field, 0.9)");
      }
      return new AggregateSpec(function, f, prob, as);
    } catch (IllegalArgumentException e) {
      throw error(n, field, e.getMessage());
    }
  }

  private SinkSpec sink(Section s, boolean results) {
    String type = s.choice("type", null, "store", "console", "files", "kafka");
    SinkSpec spec = switch (type) {
      case "store" -> {
        if (!results) {
          throw error(s.get("type"), s.field("type"), "quarantined and late records have no window geometry; send "
              + "them to files, console or kafka");
        }
        if (!s.has("params")) {
          throw error(s.node, s.field("params"), "a store sink needs the store parameters (e.g. {fs.path: store})");
        }
        Map<String, String> params = resolveStore(s.map("params"));
        String feature = s.required("feature", "the feature type name to write");
        yield new SinkSpec.Store(params, feature);
      }
      case "console" -> new SinkSpec.Console(s.integer("rows", 20, 1, Integer.MAX_VALUE));
      case "files" -> {
        String path = s.path("path", null);
        if (path == null) {
          throw error(s.node, s.field("path"), "a files sink needs a path");
        }
        yield new SinkSpec.Files(path, s.choice("format", "parquet", "parquet", "csv", "json"));
      }
      default -> new SinkSpec.Kafka(s.required("bootstrap-servers", "the Kafka brokers, host:port[,host:port]"),
          s.required("topic", "the topic to write"));
    };
    s.done();
    return spec;
  }

  private Map<String, String> resolveStore(Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>(params);
    out.computeIfPresent("fs.path", (k, v) -> resolve(v));
    return out;
  }

  private String resolve(String path) {
    if (base == null || path.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") || Path.of(path).isAbsolute()) {
      return path;
    }
    return base.resolve(path).normalize().toString();
  }

  // ---- overrides

  private void override(MappingNode root, String dotted, String value) {
    String[] parts = dotted.split("\\.");
    MappingNode at = root;
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i];
      NodeTuple found = null;
      for (NodeTuple t : at.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && normalize(k.getValue()).equals(normalize(name))) {
          found = t;
        }
      }
      boolean last = i == parts.length - 1;
      if (!last && i > 0 && MAP_VALUED.contains(normalize(parts[i - 1]))) {
        // store parameters and options have dotted names of their own: fs.path
        name = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
        found = null;
        for (NodeTuple t : at.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) {
            found = t;
          }
        }
        last = true;
        i = parts.length - 1;
      }
      Node replacement;
      if (last) {
        try {
          replacement = yaml().compose(new StringReader(value));
        } catch (YAMLException e) {
          throw new PipelineFileException(origin, 0, 0, dotted, "the override '" + dotted + "=" + value
              + "' is not valid YAML: " + e.getMessage(), e);
        }
        if (replacement == null) {
          replacement = new ScalarNode(Tag.STR, "", null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
        }
        overridden.put(replacement, "--set " + dotted + "=" + value);
      } else if (found != null && found.getValueNode() instanceof MappingNode child) {
        at = child;
        continue;
      } else {
        replacement = new MappingNode(Tag.MAP, new ArrayList<>(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        overridden.put(replacement, "--set " + dotted + "=" + value);
      }
      ScalarNode key = new ScalarNode(Tag.STR, name, null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
      List<NodeTuple> tuples = at.getValue();
      if (found != null) {
        tuples.set(tuples.indexOf(found), new NodeTuple(found.getKeyNode(), replacement));
      } else {
        tuples.add(new NodeTuple(key, replacement));
      }
      if (!last) {
        at = (MappingNode) replacement;
      }
    }
  }

  // ---- values

  private String substitute(ScalarNode n, String field) {
    String v = n.getValue();
    if (v.indexOf("${") < 0) {
      return v;
    }
    Matcher m = VARIABLE.matcher(v);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = System.getenv(name);
      if (value == null) {
        value = System.getProperty(name);
      }
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw error(n, field, "the variable ${" + name + "} is not set (give a default with ${" + name
            + ":-value})");
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(t.replace(" ", ""));
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 86_400_000;
      };
      d = d.plusMillis(Math.round(n * unit));
      end = m.end();
      m.region(end, m.regionEnd());
    }
    return end == t.replace(" ", "").length() && end > 0 ? d : null;
  }

  private static String normalize(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static String kind(Node n) {
    return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "value '"
        + ((ScalarNode) n).getValue() + "'";
  }

  private PipelineFileException error(Node n, String field, String message) {
    String o = overridden.get(n);
    if (o != null || n == null || n.getStartMark() == null) {
      return new PipelineFileException(o == null ? origin : origin + " (" + o + ")", 0, 0, field, message, null);
    }
    Mark m = n.getStartMark();
    return new PipelineFileException(origin, m.getLine() + 1, m.getColumn() + 1, field, message, null);
  }

  /** One mapping of the file, read field by field; {@link #done} rejects fields nobody read. */
  private final class Section {
    final MappingNode node;
    final String path;
    final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    final Map<String, String> read = new LinkedHashMap<>();

    Section(MappingNode node, String path) {
      this.node = node;
      this.path = path;
      for (NodeTuple t : node.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw error(t.getKeyNode(), path, "field names must be plain words, found a " + kind(t.getKeyNode()));
        }
        if (entries.put(normalize(k.getValue()), t) != null) {
          throw error(k, field(k.getValue()), "this field is given twice");
        }
      }
    }

    String field(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
      return entries.containsKey(normalize(name));
    }

    Node get(String name) {
      read.put(normalize(name), name);
      NodeTuple t = entries.get(normalize(name));
      return t == null ? null : t.getValueNode();
    }

    Section section(String name, boolean required) {
      Node n = get(name);
      if (n == null) {
        if (required) {
          throw error(node, field(name), "missing; a pipeline needs a " + name + " section");
        }
        return null;
      }
      if (!(n instanceof MappingNode m)) {
        throw error(n, field(name), "expected a mapping of fields, found a " + kind(n));
      }
      return new Section(m, field(name));
    }

    String string(String name, String dflt) {
      Node n = get(name);
      if (n == null) {
        return dflt;
      }
      if (!(n instanceof ScalarNode s)) {
        throw error(n, field(name), "expected a single value, found a " + kind(n));
      }
      if (s.getTag().equals(Tag.NULL)) {
        return dflt;
      }
      return substitute(s, field(name));
    }

    String required(String name, String what) {
      String v = string(name, null);
      if (v == null || v.isBlank()) {
        throw error(get(name) == null ? node : get(name), field(name), "missing: " + what);
      }
      return v;
    }

    String path(String name, String dflt) {
      String v = string(name, null);
      return v == null ? dflt : resolve(v);
    }

    String choice(String name, String dflt, String... allowed) {
      String v = string(name, dflt);
      if (v == null) {
        throw error(node, field(name), "missing; one of " + String.join(", ", allowed));
      }
      String lower = v.toLowerCase(Locale.ROOT);
      if (!List.of(allowed).contains(lower)) {
        throw error(get(name), field(name), "expected one of " + String.join(", ", allowed) + ", got '" + v + "'");
      }
      return lower;
    }

    int integer(String name, int dflt, int min, int max) {
      String v = string(name, null);
      if (v == null) {
        return dflt;
      }
      long n;
      try {
        n = Long.parseLong(v.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw error(get(name), field(name), "expected a whole number, got '" + v + "'");
      }
      if (n < min || n > max) {
        throw error(get(name), field(name), "must be within " + min + ".." + max + ", got " + n);
      }
      return (int) n;
    }

    double number(String name, double dflt) {
      String v = string(name, null);
      if (v == null) {
        return dflt;
      }
      try {
        double d = Double.parseDouble(v.trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error(get(name), field(name), "expected a finite number, got '" + v + "'");
    }

    Duration duration(String name, Duration dflt) {
      String v = string(name, null);
      if (v == null) {
        return dflt;
      }
      Duration d = parseDuration(v);
      if (d == null || d.isNegative()) {
        throw error(get(name), field(name), "expected a duration like 500ms, 30s, 5m, 1h30m, 2d or PT5M, got '" + v
            + "'");
      }
      return d;
    }

    Instant instant(String name, Instant dflt) {
      String v = string(name, null);
      if (v == null) {
        return dflt;
      }
      try {
        return Instant.parse(v.trim());
      } catch (DateTimeParseException e) {
        throw error(get(name), field(name), "expected an ISO-8601 instant like 2026-11-21T06:00:00Z, got '" + v + "'");
      }
    }

    List<String> strings(String name) {
      Node n = get(name);
      List<String> out = new ArrayList<>();
      if (n == null) {
        return out;
      }
      if (n instanceof ScalarNode s) {
        String v = substitute(s, field(name));
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
        return out;
      }
      if (!(n instanceof SequenceNode seq)) {
        throw error(n, field(name), "expected a list of names, found a " + kind(n));
      }
      for (int i = 0; i < seq.getValue().size(); i++) {
        Node item = seq.getValue().get(i);
        if (!(item instanceof ScalarNode s)) {
          throw error(item, field(name) + "[" + i + "]", "expected a name, found a " + kind(item));
        }
        out.add(substitute(s, field(name) + "[" + i + "]"));
      }
      return out;
    }

    /** A mapping of names to values, kept as written (store parameters, Kafka options). */
    Map<String, String> map(String name) {
      Node n = get(name);
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null) {
        return out;
      }
      if (!(n instanceof MappingNode m)) {
        throw error(n, field(name), "expected a mapping of names to values, found a " + kind(n));
      }
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode v)) {
          throw error(t.getKeyNode(), field(name), "expected name: value pairs");
        }
        out.put(k.getValue(), substitute(v, field(name) + "." + k.getValue()));
      }
      return out;
    }

    /** Rejects fields that were not read: a typo must not be silently ignored. */
    void done() {
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        if (!read.containsKey(e.getKey())) {
          String written = ((ScalarNode) e.getValue().getKeyNode()).getValue();
          throw error(e.getValue().getKeyNode(), field(written), "unknown field" + suggestion(e.getKey()));
        }
      }
    }

    private String suggestion(String key) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      LevenshteinDistance within2 = new LevenshteinDistance(2); // -1 beyond two edits
      for (Map.Entry<String, String> r : read.entrySet()) {
        int d = within2.apply(key, r.getKey());
        if (d >= 0 && d < bestDistance) {
          bestDistance = d;
          best = r.getValue();
        }
      }
      return best == null ? " (known: " + String.join(", ", read.values()) + ")" : "; did you mean '" + best + "'?";
    }

    /** Builds a spec, reporting its own validation errors at this section. */
    <T> T build(java.util.function.Supplier<T> spec) {
      try {
        return spec.get();
      } catch (IllegalArgumentException e) {
        if (e instanceof PipelineFileException) {
          throw e;
        }
        throw error(node, path, e.getMessage());
      }
    }
  }
}
