package org.geostream.core.spi;

import java.io.Serializable;
import java.util.Arrays;
import org.geotools.api.data.Query;
import org.geotools.api.filter.Filter;
import org.geotools.filter.text.cql2.CQLException;
import org.geotools.filter.text.ecql.ECQL;
import org.geostream.types.Errors;

/**
 * A GeoTools {@link Query} in serialisable form (filter as ECQL text), to ship to executors.
 *
 * @param typeName the feature type
 * @param ecql the filter as ECQL ({@code INCLUDE} for all)
 * @param properties the property names, or null for all
 * @param maxFeatures the feature limit, {@link Query#DEFAULT_MAX} for none
 */
public record QuerySpec(String typeName, String ecql, String[] properties, int maxFeatures)
    implements Serializable {

  /** The serialisable form of {@code query}. */
  public static QuerySpec of(Query query) {
    Filter f = query.getFilter() == null ? Filter.INCLUDE : query.getFilter();
    return new QuerySpec(query.getTypeName(), ECQL.toCQL(f), query.getPropertyNames(), query.getMaxFeatures());
  }

  /** The filter, parsed from {@link #ecql()}. */
  public Filter filter() {
    return parseEcql(ecql);
  }

  /** The GeoTools query again. */
  public Query toQuery() {
    Query q = new Query(typeName, filter());
    if (properties != null) {
      q.setPropertyNames(properties);
    }
    q.setMaxFeatures(maxFeatures);
    return q;
  }

  /**
   * Parses ECQL text.
   *
   * @throws org.geostream.types.GeoStreamException naming the text and the parser's reason
   */
  public static Filter parseEcql(String ecql) {
    try {
      return ECQL.toFilter(ecql);
    } catch (CQLException e) {
      throw Errors.cannot("parse ECQL filter", String.valueOf(e.getMessage()).split("\n")[0], ecql, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuerySpec q && typeName.equals(q.typeName) && ecql.equals(q.ecql)
        && Arrays.equals(properties, q.properties) && maxFeatures == q.maxFeatures;
  }

  @Override
  public int hashCode() {
    return typeName.hashCode() * 31 + ecql.hashCode();
  }

  @Override
  public String toString() {
    return "Query[" + typeName + ", " + ecql + (properties == null ? "" : ", " + Arrays.toString(properties))
        + (maxFeatures == Query.DEFAULT_MAX ? "" : ", max " + maxFeatures) + "]";
  }
}
