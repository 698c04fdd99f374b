package org.geostream.stream.parse;

/**
 * A record that parsed and validated: the point it is keyed by, its event time, attribute key
 * values (null when missing), measure values (NaN when missing) and distinct-count values.
 *
 * @param x longitude
 * @param y latitude
 * @param time event time, epoch milliseconds
 * @param attributes the attribute key values, in the key's order
 * @param measures numeric field values, in the layout's order
 * @param distinct values whose distinct count is kept, in the layout's order
 */
public record Event(double x, double y, long time, String[] attributes, double[] measures, String[] distinct)
    implements Parsed {}
