package org.geostream.stream.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Pictures of cell values: panels of cells coloured by value over country outlines, as a PNG
 * (Java2D, through JTS's {@link ShapeWriter}) and as a self-contained HTML page (inline SVG,
 * a tooltip per cell, no network needed).
 */
public final class Heatmap {
  private Heatmap() {}

  /** One cell: its polygon, value and label. */
  public record Cell(Geometry geometry, double value, String label) {}

  /** One panel: a title, the area shown, and its cells. */
  public record Panel(String title, Envelope area, List<Cell> cells) {}

  static Color color(double t) {
    // black-red-yellow-white heat ramp
    t = Math.max(0, Math.min(1, t));
    float r = (float) Math.min(1, t * 2.2);
    float g = (float) Math.max(0, Math.min(1, (t - 0.35) * 2));
    float b = (float) Math.max(0, Math.min(1, (t - 0.75) * 4));
    return new Color(r, g, b, 0.85f);
  }

  private static double max(List<Panel> panels) {
    double max = 1;
    for (Panel p : panels) {
      for (Cell c : p.cells()) {
        max = Math.max(max, c.value());
      }
    }
    return max;
  }

  /** Writes the panels side by side (two per row) as a PNG of {@code panelSize} pixels per panel. */
  public static void png(Path file, String title, List<Panel> panels, List<Geometry> countries, int panelSize)
      throws IOException {
    int cols = Math.min(2, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    int header = 40;
    BufferedImage img = new BufferedImage(cols * panelSize, rows * (panelSize + 24) + header, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(18, 22, 30));
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, 12, 26);
    double max = max(panels);
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      int ox = (i % cols) * panelSize;
      int oy = header + (i / cols) * (panelSize + 24);
      Envelope e = square(p.area());
      double scale = panelSize / e.getWidth();
      AffineTransform t = new AffineTransform(scale, 0, 0, -scale, ox - e.getMinX() * scale, oy + 24 + e.getMaxY() * scale);
      ShapeWriter w = new ShapeWriter((src, dest) -> {
        java.awt.geom.Point2D d = t.transform(new java.awt.geom.Point2D.Double(src.x, src.y), null);
        dest.setLocation(d);
      });
      g.setClip(ox, oy + 24, panelSize, panelSize);
      g.setColor(new Color(30, 36, 48));
      g.fillRect(ox, oy + 24, panelSize, panelSize);
      g.setStroke(new BasicStroke(1f));
      for (Geometry c : countries) {
        if (c.getEnvelopeInternal().intersects(e)) {
          Shape s = w.toShape(c);
          g.setColor(new Color(44, 52, 68));
          g.fill(s);
          g.setColor(new Color(90, 100, 120));
          g.draw(s);
        }
      }
      for (Cell c : p.cells()) {
        Shape s = w.toShape(c.geometry());
        g.setColor(color(Math.sqrt(c.value() / max)));
        g.fill(s);
      }
      g.setClip(null);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      g.drawString(p.title(), ox + 8, oy + 18);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  /** The same panels as an HTML page with inline SVG and a tooltip per cell. */
  public static void html(Path file, String title, String intro, List<Panel> panels, List<Geometry> countries,
      String table) throws IOException {
    double max = max(panels);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{background:#12161e;color:#eee;font-family:sans-serif;margin:20px}"
            + ".panel{display:inline-block;margin:8px;vertical-align:top}svg{background:#1e2430}"
            + "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #333;text-align:right}"
            + "</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(intro)).append("</p>\n");
    for (Panel p : panels) {
      Envelope e = square(p.area());
      b.append("<div class=\"panel\"><h3>").append(esc(p.title())).append("</h3>\n");
      b.append(String.format(Locale.ROOT, "<svg width=\"420\" height=\"420\" viewBox=\"%f %f %f %f\">",
          e.getMinX(), -e.getMaxY(), e.getWidth(), e.getHeight()));
      for (Geometry c : countries) {
        if (c.getEnvelopeInternal().intersects(e)) {
          b.append("<path fill=\"#2c3444\" stroke=\"#5a6478\" vector-effect=\"non-scaling-stroke\" d=\"")
              .append(path(c)).append("\"/>");
        }
      }
      for (Cell c : p.cells()) {
        Color col = color(Math.sqrt(c.value() / max));
        b.append(String.format(Locale.ROOT, "<path fill=\"rgb(%d,%d,%d)\" fill-opacity=\"0.85\" d=\"%s\"><title>%s</title></path>",
            col.getRed(), col.getGreen(), col.getBlue(), path(c.geometry()), esc(c.label())));
      }
      b.append("</svg></div>\n");
    }
    b.append("<h2>Busiest cells</h2>\n").append(table).append("\n</body></html>\n");
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  private static Envelope square(Envelope e) {
    double side = Math.max(e.getWidth(), e.getHeight()) * 1.08;
    double cx = e.centre().x;
    double cy = e.centre().y;
    return new Envelope(cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2);
  }

  private static String path(Geometry g) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof org.locationtech.jts.geom.Polygon poly) {
        ring(b, poly.getExteriorRing().getCoordinates());
        for (int h = 0; h < poly.getNumInteriorRing(); h++) {
          ring(b, poly.getInteriorRingN(h).getCoordinates());
        }
      }
    }
    return b.toString();
  }

  private static void ring(StringBuilder b, Coordinate[] cs) {
    for (int i = 0; i < cs.length; i++) {
      b.append(i == 0 ? 'M' : 'L').append(String.format(Locale.ROOT, "%.5f %.5f", cs[i].x, -cs[i].y));
    }
    b.append('Z');
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
