/**
 * Space-filling-curve keys for feature stores, and the planning of the key ranges a query box and
 * time interval must scan.
 *
 * <table>
 *   <caption>Curves</caption>
 *   <tr><th>curve</th><th>keys</th><th>for</th><th>query plan</th></tr>
 *   <tr><td>{@link org.geostream.core.curve.Z2Curve}</td><td>Z-order of lon/lat cells</td>
 *       <td>points</td><td>{@link org.geostream.core.curve.KeyRange}s</td></tr>
 *   <tr><td>{@link org.geostream.core.curve.Z3Curve}</td><td>time bin + Z-order of lon/lat/time
 *       cells</td><td>points with a time</td><td>{@link org.geostream.core.curve.BinnedKeyRange}s</td></tr>
 *   <tr><td>{@link org.geostream.core.curve.XZ2Curve}</td><td>XZ-ordering of the bounding box</td>
 *       <td>lines, polygons, any geometry</td><td>{@link org.geostream.core.curve.KeyRange}s</td></tr>
 *   <tr><td>{@link org.geostream.core.curve.XZ3Curve}</td><td>time bin + XZ-ordering of box and
 *       time</td><td>any geometry with a time</td><td>{@link org.geostream.core.curve.BinnedKeyRange}s</td></tr>
 * </table>
 *
 * <p>The contract every planner keeps: <b>no false negatives</b>. The key of every point (Z2, Z3)
 * inside a query box, or of every geometry (XZ2, XZ3) whose bounding box intersects it, at a time
 * inside the interval, lies in a returned range; ranges may hold other keys too (false positives),
 * so a store still filters what it reads unless a range is {@code contained}. This holds because
 * values and query bounds go through the same monotone mappings to cells; the tests check it with
 * seeded random points, boxes and times. Query boxes are lon/lat {@link
 * org.locationtech.jts.geom.Envelope}s, OR-ed together and clipped to the world; a box crossing
 * the antimeridian is passed as two boxes. Time bins follow GeoMesa's ({@link
 * org.geostream.core.curve.TimePeriod}), and the key layouts follow GeoMesa's Z2/Z3/XZ2/XZ3 schemes
 * (bit-for-bit equality with GeoMesa keys is not tested).
 *
 * <h2>Libraries</h2>
 *
 * <p><b>LocationTech sfcurve ({@code sfcurve-zorder_2.12:0.2.2}) for Z2 and Z3.</b> Its
 * {@code Z2}/{@code Z3} objects do the bit interleaving and its {@code ZN.zranges} the breadth-first
 * decomposition of query boxes into Z ranges; both are called from Java through the static
 * forwarders of the Scala objects ({@code Z2.apply(int, int)}, {@code Z2.combine(long)},
 * {@code Z2.zranges(ZRange[], int, Option, Option)}, and the same on {@code Z3}), and Scala types
 * stay inside one package-private class. {@code scala-library} comes from Spark. Two behaviours
 * measured here shaped the wrapper:
 * <ul>
 *   <li>its {@code maxRanges} counts only fully contained ranges and its default recursion is 7
 *       levels below the common prefix of the boxes: for a 1-degree box centred on (0, 0) at 31
 *       bits it returns 4 ranges covering 2.4e-4 of the key space whatever the budget (8, 64 or
 *       512), 16 times the box's share of the world (1.5e-5); the wrapper sets the recursion from
 *       the budget and deepens it while the result stays under half the budget, which gives 35
 *       ranges covering 1.7e-5 for a budget of 64;</li>
 *   <li>partly covered cells of a box with a zero-width side (a line, or a Z3 query at one instant)
 *       never become contained above the finest level, so without a recursion limit their number
 *       doubles (Z2) or quadruples (Z3) per level; the limit bounds the work, and the wrapper fills
 *       the smallest gaps afterwards so that at most {@code maxRanges} ranges come out.</li>
 * </ul>
 * It also marks a range contained when its cells lie in the grid box covering the query, whose
 * boundary cells hold values outside the query; the wrapper re-checks contained ranges against the
 * cells that hold query values only.
 *
 * <p><b>XZ2 / XZ3 written here.</b> sfcurve 0.2.2's jar holds only the Z-order package
 * ({@code Z2}, {@code Z3}, {@code ZN}, {@code ZRange}, {@code ZCurve2D}), with no XZ-ordering. GeoMesa
 * implements XZ-ordering ({@code XZ2SFC}, {@code XZ3SFC}) inside its own Scala index module,
 * versioned with the GeoMesa distribution; taking it would tie this project to GeoMesa releases
 * for one algorithm. The implementation here ({@code XzTree}) follows the paper
 * (Böhm, Klump, Kriegel, "XZ-Ordering: A Space-Filling Curve for Objects with Spatial Extension",
 * SSD 1999) with integer cell arithmetic, shared by the 2D and 3D curves.
 *
 * <p><b>Not S2.</b> S2 numbers the cells of a cube projected onto the sphere along a Hilbert curve.
 * It has no time axis to interleave (Z3, XZ3), and it keys an extended object only by a covering
 * of several cells (one stored row per cell) or by one cell coarse enough to hold it, which is the
 * problem XZ-ordering solves with one key per geometry and enlarged elements.
 *
 * <p>All public types are immutable and thread-safe.
 */
package org.geostream.core.curve;
