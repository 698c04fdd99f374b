package org.apache.spark.sql.geostream.postgis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.geostream.types.codec.GeometryCodec;

/**
 * The PostGIS side: a private server started by {@code tools/postgis.sh}, the corpus loaded once as
 * EWKB into two tables ({@code corpus(id, g)} and {@code pairs(id, a, b)}), and each function
 * evaluated over a whole table in one statement through a PL/pgSQL wrapper that catches the error of
 * each row, so one failing row neither aborts the statement nor hides the others.
 */
final class Postgis implements AutoCloseable {
  /** What PostGIS said for one row: a value as text (geometries as hex EWKB), SQL NULL, or an error. */
  record Result(String value, String error) {}

  /** What a row gets when evaluating it crashes the server process (PostGIS or GEOS bugs exist). */
  static final String CRASH = "the PostgreSQL server process crashed evaluating this row";

  private final Path script;
  private final boolean startedHere;
  private final String url;
  private Connection connection;

  private Postgis(Path script, boolean startedHere, String url) throws SQLException {
    this.script = script;
    this.startedHere = startedHere;
    this.url = url;
    this.connection = connect(url);
  }

  private static Connection connect(String url) throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 120; attempt++) {
      try {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
          s.execute("SET statement_timeout = '600s'");
          s.execute("SET client_min_messages = warning");
          s.execute("SET extra_float_digits = 1");
        }
        return c;
      } catch (SQLException e) {
        // After a backend crash the server restarts and refuses connections for a moment.
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  /** Starts the server through {@code tools/postgis.sh start} (installing it when missing) and connects. */
  static Postgis start(Path repoRoot) throws IOException, InterruptedException, SQLException {
    Path script = repoRoot.resolve("tools/postgis.sh");
    boolean running = run(script, "status", 60).exitCode == 0;
    Run start = run(script, "start", 1800);
    if (start.exitCode != 0) {
      throw new IllegalStateException("Cannot start PostGIS: tools/postgis.sh start exited with " + start.exitCode);
    }
    String[] lines = start.stdout.strip().split("\n");
    String url = lines[lines.length - 1].strip();
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException("Cannot start PostGIS: tools/postgis.sh printed no JDBC URL: " + start.stdout);
    }
    return new Postgis(script, !running, url);
  }

  private record Run(int exitCode, String stdout) {}

  private static Run run(Path script, String command, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", script.toString(), command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("Cannot run tools/postgis.sh " + command + ": no answer within " + timeoutSeconds + " s");
    }
    return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  /** PostGIS, GEOS and PostgreSQL versions, for the report. */
  String versions() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT 'PostGIS ' || postgis_lib_version() || ', GEOS ' || split_part(postgis_geos_version(), '-', 1)"
             + " || ', PostgreSQL ' || current_setting('server_version')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Loads the corpus as EWKB (the bytes GeoStream stores) and builds the pairs table from it. Checks
   * that PostGIS gives back exactly the bytes it was given, so both sides start from the same data.
   */
  void load(Corpus corpus) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE IF EXISTS corpus, pair_ids, pairs");
      s.execute("CREATE TABLE corpus (id int PRIMARY KEY, g geometry NOT NULL)");
      s.execute("CREATE TABLE pair_ids (id int PRIMARY KEY, ia int NOT NULL, ib int NOT NULL)");
    }
    connection.setAutoCommit(false);
    try (PreparedStatement ins = connection.prepareStatement("INSERT INTO corpus VALUES (?, ST_GeomFromEWKB(?))")) {
      for (Corpus.Entry e : corpus.entries()) {
        ins.setInt(1, e.id());
        ins.setBytes(2, GeometryCodec.encode(e.geometry()));
        ins.addBatch();
      }
      ins.executeBatch();
    }
    try (PreparedStatement ins = connection.prepareStatement("INSERT INTO pair_ids VALUES (?, ?, ?)")) {
      for (Corpus.Pair p : corpus.pairs()) {
        ins.setInt(1, p.id());
        ins.setInt(2, p.a());
        ins.setInt(3, p.b());
        ins.addBatch();
      }
      ins.executeBatch();
    }
    connection.commit();
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE pairs AS SELECT p.id, x.g AS a, y.g AS b FROM pair_ids p"
          + " JOIN corpus x ON x.id = p.ia JOIN corpus y ON y.id = p.ib");
      s.execute("ALTER TABLE pairs ADD PRIMARY KEY (id)");
      s.execute("ANALYZE corpus");
      s.execute("ANALYZE pairs");
    }
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, ST_AsEWKB(g, 'NDR') FROM corpus ORDER BY id")) {
      while (rs.next()) {
        byte[] sent = GeometryCodec.encode(corpus.entry(rs.getInt(1)).geometry());
        if (!java.util.Arrays.equals(sent, rs.getBytes(2))) {
          throw new IllegalStateException("Cannot load the corpus into PostGIS: geometry " + rs.getInt(1) + " ("
              + corpus.entry(rs.getInt(1)).label() + ") came back different");
        }
      }
    }
  }

  /**
   * Evaluates {@code expression} (SQL over the columns {@code g}, or {@code a} and {@code b}) for each
   * row of the corpus or of the pairs whose id is in {@code ids}, in one statement; the result of
   * each row as text. When a row crashes the server process, the statement is repeated row by row on
   * a new connection, and the rows that crash get {@link #CRASH} as their error.
   */
  Map<Integer, Result> evaluate(String expression, boolean binary, java.util.Set<Integer> ids) throws SQLException {
    String query = binary
        ? "SELECT t.id, r.v, r.err FROM pairs t, LATERAL pg_temp.gs_eval(t.a, t.b) r"
        : "SELECT t.id, r.v, r.err FROM corpus t, LATERAL pg_temp.gs_eval(t.g) r";
    Map<Integer, Result> out = new HashMap<>();
    try {
      defineWrapper(expression, binary);
      try (PreparedStatement ps = connection.prepareStatement(query + " WHERE t.id = ANY (?)")) {
        ps.setArray(1, connection.createArrayOf("integer", ids.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getInt(1), new Result(rs.getString(2), rs.getString(3)));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      if (!connectionLost(e)) {
        throw e;
      }
    }
    reconnect();
    defineWrapper(expression, binary);
    for (int id : ids) {
      try (PreparedStatement ps = connection.prepareStatement(query + " WHERE t.id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.put(id, new Result(rs.getString(2), rs.getString(3)));
        }
      } catch (SQLException e) {
        if (!connectionLost(e)) {
          throw e;
        }
        out.put(id, new Result(null, CRASH));
        reconnect();
        defineWrapper(expression, binary);
      }
    }
    return out;
  }

  private void defineWrapper(String expression, boolean binary) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        createWrapper(expression, binary);
        return;
      } catch (SQLException e) {
        if (attempt == 3 || !connectionLost(e)) {
          throw e;
        }
        reconnect();
      }
    }
  }

  private void createWrapper(String expression, boolean binary) throws SQLException {
    String params = binary ? "a geometry, b geometry" : "g geometry";
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE OR REPLACE FUNCTION pg_temp.gs_eval(" + params + ", OUT v text, OUT err text) AS $body$\n"
          + "BEGIN\n"
          + "  v := (" + expression + ")::text;\n"
          + "EXCEPTION WHEN OTHERS THEN\n"
          + "  err := SQLERRM;\n"
          + "END\n"
          + "$body$ LANGUAGE plpgsql");
    }
  }

  private boolean connectionLost(SQLException e) throws SQLException {
    return connection.isClosed() || !connection.isValid(5) || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
  }

  private void reconnect() throws SQLException {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // The old connection is dead already.
    }
    try {
      // Give the postmaster time to notice the crash and reset, or the new connection dies with it.
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection = connect(url);
  }

  /** Closes the connection; stops the server when this run started it. */
  @Override
  public void close() throws Exception {
    connection.close();
    if (startedHere) {
      run(script, "stop", 120);
    }
  }
}
