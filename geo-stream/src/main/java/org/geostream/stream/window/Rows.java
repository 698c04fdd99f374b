package org.geostream.stream.window;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The row shapes between the stages of a pipeline. Partials (one per key and pane of a task's
 * records), quarantined records and per-task counts travel together through the one stateful
 * operator; its output carries window results, late partials and the pass-through rows to the sink.
 */
public final class Rows {
  private Rows() {}

  /** A window result (out) or a pane partial (in). */
  public static final byte RESULT = 0;
  /** A quarantined record: payload is JSON {reason, message, position, raw}. */
  public static final byte QUARANTINE = 1;
  /** A task's counts: payload is records in, accepted, quarantined (three longs). */
  public static final byte STATS = 2;
  /** A late partial: records of a pane whose windows had all closed. */
  public static final byte LATE = 3;

  /** Keys of rows that carry no state start with this character. */
  public static final char PASS_THROUGH = '\u0000';
  /** Separates the cell and attribute values in a key. */
  public static final char SEPARATOR = '\u001f';
  /** Stands for a missing attribute value in a key. */
  public static final String NULL = "\u0002";

  /** Output of the pre-aggregation. */
  public static final StructType PARTIAL = new StructType()
      .add("kind", DataTypes.ByteType, false)
      .add("key", DataTypes.StringType, false)
      .add("pane", DataTypes.LongType, false)
      .add("maxTime", DataTypes.TimestampType, false)
      .add("count", DataTypes.LongType, false)
      .add("payload", DataTypes.BinaryType, false);

  /** Output of the window operator. */
  public static final StructType OUT = new StructType()
      .add("kind", DataTypes.ByteType, false)
      .add("key", DataTypes.StringType, false)
      .add("start", DataTypes.LongType, false)
      .add("end", DataTypes.LongType, false)
      .add("final", DataTypes.BooleanType, false)
      .add("count", DataTypes.LongType, false)
      .add("payload", DataTypes.BinaryType, false)
      // True on the first window result of a key in a batch: the batch's result cells are counted
      // without a distinct aggregation.
      .add("firstOfKey", DataTypes.BooleanType, false);

  /** The group key of a cell and attribute values. */
  public static String key(String cell, String[] attributes) {
    if (attributes.length == 0) {
      return cell;
    }
    StringBuilder b = new StringBuilder(cell.length() + 16 * attributes.length).append(cell);
    for (String a : attributes) {
      b.append(SEPARATOR).append(a == null ? NULL : a);
    }
    return b.toString();
  }

  /** A group key split into cell and attribute values (null where missing). */
  public static String[] split(String key) {
    String[] parts = key.split(String.valueOf(SEPARATOR), -1);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].equals(NULL)) {
        parts[i] = null;
      }
    }
    return parts;
  }
}
