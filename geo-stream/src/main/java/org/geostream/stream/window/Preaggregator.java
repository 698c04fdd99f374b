package org.geostream.stream.window;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import org.geostream.stream.Pipeline;
import org.geostream.stream.SourceSpec;
import org.geostream.stream.agg.Accumulator;
import org.geostream.stream.agg.Layout;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.parse.Event;
import org.geostream.stream.parse.Parsed;
import org.geostream.stream.parse.RecordParser;
import org.geostream.stream.parse.Rejection;
import org.geostream.stream.source.LineReader;
import org.geostream.stream.source.VehicleGenerator;

/**
 * The stateless first stage, run per task: parses each record (or generates it), keys it by cell
 * and attributes, and folds it into the accumulator of its key and pane, so only one partial per
 * key and pane of a task crosses the shuffle — a record is never copied into each window it
 * belongs to. Rejected records come out as quarantine rows; one row per task carries its counts.
 *
 * <p>Input rows: the generator's {@code (timestamp, value)}; or {@code (value, position)} where
 * {@code value} is one record; or {@code (file)}, the path of a file to read line by line (positions
 * {@code path:line}); or {@code (bytes, position)} for Kafka, whose values are decoded as strict UTF-8.
 */
public final class Preaggregator implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pipeline pipeline;
  private final Layout layout;
  private final SpatialKeyer keyer;
  private final long slide;
  private final boolean keepRecords;
  /** The session's Hadoop configuration, for the files source (null: Hadoop's defaults). */
  private final Broadcast<SerializableConfiguration> hadoopConf;

  public Preaggregator(Pipeline pipeline, SpatialKeyer keyer, Broadcast<SerializableConfiguration> hadoopConf) {
    this.pipeline = pipeline;
    this.hadoopConf = hadoopConf;
    this.layout = new Layout(pipeline.aggregates());
    this.keyer = keyer;
    this.slide = pipeline.window().slide().toMillis();
    this.keepRecords = pipeline.late() != null;
  }

  private final class Fold {
    final PaneTable panes = new PaneTable(layout);
    final boolean numeric = keyer.numeric() && pipeline.key().attributes().isEmpty();
    final List<Row> out = new ArrayList<>();
    final int partition = TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
    long in;
    long accepted;
    long quarantined;

    void add(Event e, String raw) {
      long id = 0;
      String key = null;
      try {
        if (numeric) {
          id = keyer.cellId(e.x(), e.y());
        } else {
          key = Rows.key(keyer.key(e.x(), e.y()), e.attributes());
        }
      } catch (RuntimeException ex) {
        reject(Rejection.of(Rejection.Reason.OUT_OF_RANGE, "cannot key the point: " + ex.getMessage(), "", raw));
        return;
      }
      Accumulator acc = panes.get(id, key, Math.floorDiv(e.time(), slide) * slide, e.time());
      acc.add(e.x(), e.y(), e.time(), e.measures(), e.distinct());
      if (keepRecords) {
        acc.keep(raw);
      }
      accepted++;
    }

    void reject(Rejection r) {
      quarantined++;
      ObjectNode n = JSON.createObjectNode();
      n.put("reason", r.reason().name());
      n.put("message", r.message());
      n.put("position", r.position());
      n.put("raw", r.raw());
      byte[] payload;
      try {
        payload = JSON.writeValueAsBytes(n);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      out.add(RowFactory.create(Rows.QUARANTINE, Rows.PASS_THROUGH + "q" + partition, 0L, new Timestamp(0), 1L,
          payload));
    }

    void parsed(Parsed p, String raw) {
      in++;
      if (p instanceof Event e) {
        add(e, raw);
      } else {
        reject((Rejection) p);
      }
    }

    Iterator<Row> finish() {
      panes.forEach((id, key, pane, maxTime, acc) -> out.add(RowFactory.create(Rows.RESULT,
          key != null ? key : keyer.address(id), pane, new Timestamp(maxTime), acc.count(), acc.toBytes())));
      ByteArrayOutputStream b = new ByteArrayOutputStream(24);
      try (DataOutputStream d = new DataOutputStream(b)) {
        d.writeLong(in);
        d.writeLong(accepted);
        d.writeLong(quarantined);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      out.add(RowFactory.create(Rows.STATS, Rows.PASS_THROUGH + "s" + partition, 0L, new Timestamp(0), in,
          b.toByteArray()));
      return out.iterator();
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Fold fold = new Fold();
    if (pipeline.source() instanceof SourceSpec.Generator g) {
      generate(new VehicleGenerator(g), rows, fold);
    } else {
      parse(rows, fold);
    }
    return fold.finish();
  }

  private void generate(VehicleGenerator gen, Iterator<Row> rows, Fold fold) {
    List<String> attrs = pipeline.key().attributes();
    List<String> measures = layout.measures();
    List<String> distincts = layout.distincts();
    String[] a = new String[attrs.size()];
    while (rows.hasNext()) {
      long i = rows.next().getLong(1);
      if (!gen.exists(i)) {
        continue;
      }
      VehicleGenerator.Report r = gen.report(i);
      String[] attributes = new String[a.length];
      for (int k = 0; k < a.length; k++) {
        attributes[k] = VehicleGenerator.field(r, attrs.get(k));
      }
      double[] ms = new double[measures.size()];
      for (int k = 0; k < ms.length; k++) {
        String v = VehicleGenerator.field(r, measures.get(k));
        ms[k] = v == null ? Double.NaN : Double.parseDouble(v);
      }
      String[] ds = new String[distincts.size()];
      for (int k = 0; k < ds.length; k++) {
        ds[k] = VehicleGenerator.field(r, distincts.get(k));
      }
      fold.parsed(new Event(r.lon(), r.lat(), r.time(), attributes, ms, ds), keepRecords ? r.json() : null);
    }
  }

  private void parse(Iterator<Row> rows, Fold fold) {
    // Only the socket source's lines come decoded leniently (U+FFFD for bad bytes): files are checked line by
    // line, Kafka values decoded strictly here, Parquet rows are valid text.
    RecordParser parser = new RecordParser(pipeline.parser(), pipeline.key().attributes(), layout.measures(),
        layout.distincts()).replacementIsBadEncoding(pipeline.source() instanceof SourceSpec.Socket);
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int bytesField = -2;
    int positionField = -1;
    int fileField = -1;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (bytesField == -2) { // the same schema for every row of the source: look the fields up once
        bytesField = row.schema().getFieldIndex("bytes").isDefined() ? row.fieldIndex("bytes") : -1;
        fileField = row.schema().getFieldIndex("file").isDefined() ? row.fieldIndex("file") : -1;
        positionField = fileField >= 0 ? -1 : row.fieldIndex("position");
      }
      if (fileField >= 0) {
        readFile(row.getString(fileField), parser, fold);
        continue;
      }
      String position = row.getString(positionField);
      if (bytesField >= 0) {
        byte[] bytes = row.isNullAt(bytesField) ? new byte[0] : (byte[]) row.get(bytesField);
        String text;
        try {
          text = utf8.decode(ByteBuffer.wrap(bytes)).toString(); // decode(ByteBuffer) resets the decoder first
        } catch (CharacterCodingException e) {
          fold.in++;
          fold.reject(Rejection.of(Rejection.Reason.BAD_ENCODING, "record is not valid UTF-8", position,
              new String(bytes, StandardCharsets.UTF_8)));
          continue;
        }
        fold.parsed(parser.parse(text, null, position), text);
        continue;
      }
      String value = row.isNullAt(0) ? "" : row.getString(0);
      fold.parsed(parser.parse(value, null, position), value);
    }
  }

  /**
   * Parses the records of one file, a line each, streaming it (decompressed by its suffix, as Spark's
   * text source does): blank lines are skipped, the first line of a CSV file without configured columns
   * is its header, and positions are {@code path:line}. A line longer than four times the record limit
   * (in bytes: no UTF-8 character is longer) is quarantined without being kept.
   */
  private void readFile(String file, RecordParser parser, Fold fold) {
    boolean csvHeader = pipeline.parser().format().equals("csv") && pipeline.parser().columns() == null;
    int limit = pipeline.parser().maxRecordBytes();
    Path path = new Path(file);
    Configuration conf = hadoopConf == null ? new Configuration() : hadoopConf.value().value();
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 1 << 16)) {
        if (pipeline.parser().format().equals("geojson") && isGeoJsonDocument(in)) {
          readGeoJsonDocument(in, file, parser, fold);
          return;
        }
        LineReader lines = new LineReader(in, (int) Math.min(Integer.MAX_VALUE - 16, 4L * limit + 4));
        List<String> header = null;
        long lineNo = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
          lineNo++;
          if (lines.oversizedBytes() >= 0) {
            fold.in++;
            fold.reject(Rejection.of(Rejection.Reason.TOO_LARGE, "record has " + lines.oversizedBytes()
                + " bytes, more than the limit of " + limit + " characters", file + ":" + lineNo, line));
            continue;
          }
          if (lines.malformed()) {
            fold.in++;
            fold.reject(Rejection.of(Rejection.Reason.BAD_ENCODING, "record is not valid UTF-8", file + ":" + lineNo,
                line));
            continue;
          }
          if (line.isBlank()) {
            continue;
          }
          if (csvHeader && header == null) {
            header = Arrays.asList(line.split(java.util.regex.Pattern.quote(String.valueOf(pipeline.parser()
                .delimiter())), -1));
            header.replaceAll(String::trim);
            continue;
          }
          fold.parsed(parser.parse(line, header, file, lineNo), line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** How far {@link #isGeoJsonDocument} looks for the end of a file's first line. */
  private static final int PEEK = 1 << 16;

  /**
   * Whether a GeoJSON file is one document (a FeatureCollection, or a Feature spread over lines) rather
   * than one Feature per line: its first non-blank line does not end its object, or is a whole
   * FeatureCollection. Leaves the stream where it was.
   */
  private static boolean isGeoJsonDocument(InputStream in) throws IOException {
    in.mark(PEEK);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    try {
      for (int b = in.read(), n = 1; b >= 0 && n < PEEK; b = in.read(), n++) {
        if (b == '\n') {
          if (!first.toString(StandardCharsets.UTF_8).isBlank()) {
            break;
          }
          first.reset();
        } else {
          first.write(b);
        }
      }
    } finally {
      in.reset();
    }
    String line = first.toString(StandardCharsets.UTF_8).strip();
    if (!line.startsWith("{")) {
      return false;
    }
    if (!line.endsWith("}")) {
      return true;
    }
    try {
      return "FeatureCollection".equals(JSON.readTree(line).path("type").asText());
    } catch (IOException e) {
      return false; // a malformed one-line record: the line reader quarantines it
    }
  }

  /**
   * The features of a GeoJSON document, streamed one at a time: each member of a FeatureCollection's
   * {@code features} (or the document itself when it is one Feature) is a record at the line where it
   * starts. Malformed JSON ends the file: the rest of it is one quarantined record.
   */
  private void readGeoJsonDocument(InputStream in, String file, RecordParser parser, Fold fold) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      long line = 1;
      try {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new JsonParseException(p, "a GeoJSON document is an object");
        }
        line = p.currentTokenLocation().getLineNr();
        ObjectNode root = JSON.createObjectNode();
        boolean features = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("features") && value == JsonToken.START_ARRAY) {
            features = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              line = p.currentTokenLocation().getLineNr();
              String text = JSON.writeValueAsString(p.readValueAsTree());
              fold.parsed(parser.parse(text, null, file, line), text);
            }
          } else {
            root.set(name, p.readValueAsTree());
          }
        }
        if (!features) { // one Feature (or what the parser then rejects), spread over lines
          String text = JSON.writeValueAsString(root);
          fold.parsed(parser.parse(text, null, file, line), text);
        }
        if (p.nextToken() != null) {
          throw new JsonParseException(p, "content after the end of the document");
        }
      } catch (JsonProcessingException e) {
        fold.in++;
        fold.reject(Rejection.of(Rejection.Reason.MALFORMED_JSON, "not a GeoJSON document: " + e.getOriginalMessage()
            + " (the rest of the file is not read)", file + ":" + e.getLocation().getLineNr(), ""));
      }
    }
  }
}
