package org.geostream.stream.source;

import java.io.Serializable;
import java.util.Locale;
import org.geostream.stream.SourceSpec;

/**
 * Vehicles moving around real places, as a pure function of a report's sequence number: the
 * same number always gives the same vehicle, time, position, kind and speed, so a run, its
 * restart and a batch recomputation see identical data. Vehicle {@code v} of report {@code i} is
 * {@code i % vehicles}; its step is {@code i / vehicles}, reporting every {@code sample}. Each
 * vehicle circles its home place on a loop that breathes in and out, at its own pace.
 */
public final class VehicleGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Name, longitude, latitude of the places vehicles move around. */
  static final Object[][] PLACES = {
      {"Paris", 2.3522, 48.8566}, {"London", -0.1276, 51.5072}, {"Berlin", 13.4050, 52.5200},
      {"Madrid", -3.7038, 40.4168}, {"Rome", 12.4964, 41.9028}, {"Amsterdam", 4.9041, 52.3676},
      {"Vienna", 16.3738, 48.2082}, {"Warsaw", 21.0122, 52.2297}, {"Stockholm", 18.0686, 59.3293},
      {"Lisbon", -9.1393, 38.7223}, {"New York", -74.0060, 40.7128}, {"Chicago", -87.6298, 41.8781},
      {"Mexico City", -99.1332, 19.4326}, {"Sao Paulo", -46.6333, -23.5505}, {"Buenos Aires", -58.3816, -34.6037},
      {"Lagos", 3.3792, 6.5244}, {"Cairo", 31.2357, 30.0444}, {"Nairobi", 36.8219, -1.2921},
      {"Johannesburg", 28.0473, -26.2041}, {"Istanbul", 28.9784, 41.0082}, {"Moscow", 37.6173, 55.7558},
      {"Mumbai", 72.8777, 19.0760}, {"Delhi", 77.1025, 28.7041}, {"Bangkok", 100.5018, 13.7563},
      {"Singapore", 103.8198, 1.3521}, {"Jakarta", 106.8456, -6.2088}, {"Beijing", 116.4074, 39.9042},
      {"Shanghai", 121.4737, 31.2304}, {"Seoul", 126.9780, 37.5665}, {"Tokyo", 139.6503, 35.6762},
      {"Sydney", 151.2093, -33.8688}, {"Los Angeles", -118.2437, 34.0522}};

  /** The places (name, longitude, latitude), a copy. */
  public static Object[][] places() {
    return PLACES.clone();
  }

  /** Vehicle kinds. */
  static final String[] KINDS = {"bus", "taxi", "truck", "bike", "van"};

  private final SourceSpec.Generator spec;
  private final long sampleMs;
  private final long startMs;

  public VehicleGenerator(SourceSpec.Generator spec) {
    this.spec = spec;
    this.sampleMs = spec.sample().toMillis();
    this.startMs = spec.start().toEpochMilli();
  }

  /** One report. */
  public record Report(long vehicle, String place, String kind, long time, double lon, double lat, double speed)
      implements java.io.Serializable {
    /** The report as a JSON line (the form the late sink keeps). */
    public String json() {
      return String.format(Locale.ROOT, "{\"vehicle\":\"v%d\",\"place\":\"%s\",\"kind\":\"%s\",\"time\":%d,"
          + "\"lon\":%.7f,\"lat\":%.7f,\"speed\":%.3f}", vehicle, place, kind, time, lon, lat, speed);
    }
  }

  /** Whether report {@code i} exists (the source is finite). */
  public boolean exists(long i) {
    return i >= 0 && i < spec.totalRows();
  }

  /** Report number {@code i}. */
  public Report report(long i) {
    long v = i % spec.vehicles();
    long step = i / spec.vehicles();
    long h = mix(v * 0x9E3779B97F4A7C15L + spec.seed());
    Object[] place = PLACES[(int) Math.floorMod(h, (long) PLACES.length)];
    String kind = KINDS[(int) Math.floorMod(h >>> 20, (long) KINDS.length)];
    double t = step * sampleMs / 1000.0; // seconds since start
    double radiusKm = 0.5 + (Math.floorMod(h >>> 8, 1000L) / 1000.0) * 14.5;
    double omega = (0.3 + Math.floorMod(h >>> 30, 1000L) / 1000.0) / radiusKm / 60; // rad/s: 20-80 km/h
    double phase = Math.floorMod(h >>> 40, 6283L) / 1000.0;
    double breathe = 0.65 + 0.35 * Math.sin(t / (900 + Math.floorMod(h >>> 12, 2700L)) + phase);
    double theta = phase + omega * t;
    double r = radiusKm * breathe;
    double lat0 = (Double) place[2];
    double lon = (Double) place[1] + r / (111.32 * Math.cos(Math.toRadians(lat0))) * Math.cos(theta);
    double lat = lat0 + r / 110.57 * Math.sin(theta);
    long noise = mix(i * 31 + spec.seed());
    double speed = omega * radiusKm * 3600 * (0.85 + Math.floorMod(noise, 300L) / 1000.0);
    long time = startMs + step * sampleMs;
    if (spec.lateFraction() > 0 && Math.floorMod(noise >>> 16, 1_000_000L) < spec.lateFraction() * 1_000_000) {
      time -= spec.lateBy().toMillis();
    }
    return new Report(v, (String) place[0], kind, time, lon, lat, speed);
  }

  /** The value of a record field of a report, by name (for keys and aggregates). */
  public static String field(Report r, String name) {
    return switch (name) {
      case "vehicle" -> "v" + r.vehicle();
      case "place" -> r.place();
      case "kind" -> r.kind();
      case "speed" -> Double.toString(r.speed());
      case "lon" -> Double.toString(r.lon());
      case "lat" -> Double.toString(r.lat());
      case "time" -> Long.toString(r.time());
      default -> null;
    };
  }

  /** The generator's fields. */
  public static final java.util.List<String> FIELDS = java.util.List.of("vehicle", "place", "kind", "speed", "lon",
      "lat", "time");

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
