package org.apache.spark.sql.geostream;

import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import scala.collection.JavaConverters;

/** Small helpers for building generated-code blocks from Java. */
final class Codegen {
  private Codegen() {}

  /** A code block holding exactly {@code code}. */
  static Block block(String code) {
    return new CodeBlock(
        JavaConverters.asScalaBuffer(java.util.List.of(code)).toSeq(),
        JavaConverters.asScalaBuffer(java.util.List.<JavaCode>of()).toSeq());
  }
}
