package org.apache.spark.sql.geostream;

import java.io.Serializable;
import java.util.List;
import org.geostream.types.Errors;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geostream.types.fn.Catalog;
import org.geostream.types.fn.FunctionDef;

/**
 * What a function expression needs to find its kernel again after serialization: the name it was
 * called by, its arity and the session options in force when the query was analysed.
 *
 * @param name the name as registered (an alias or the canonical name)
 * @param arity the number of arguments
 * @param geomesa whether {@code spark.geostream.compat=geomesa} was set
 * @param permissive whether errors give null ({@code try_} variants, or {@code spark.geostream.onError=null})
 */
record FunctionKey(String name, int arity, boolean geomesa, boolean permissive) implements Serializable {

  /** The signature this key names. */
  FunctionDef def() {
    List<FunctionDef> sigs = Catalog.get().lookup(name);
    for (FunctionDef d : sigs) {
      if (d.args().size() == arity) {
        return d;
      }
    }
    throw arityError(name, sigs, arity);
  }

  /** The error for calling {@code name} with a number of arguments it has no signature for. */
  static GeoStreamException arityError(String name, List<FunctionDef> sigs, int found) {
    if (sigs.isEmpty()) {
      return Errors.cannot("call " + name, "expected 1 argument, found " + found, null);
    }
    StringBuilder expected = new StringBuilder();
    for (FunctionDef d : sigs) {
      expected.append(expected.length() == 0 ? "" : " or ").append(d.args().size());
    }
    return Errors.cannot("call " + name, "expected " + expected + " arguments, found " + found, null);
  }
}
