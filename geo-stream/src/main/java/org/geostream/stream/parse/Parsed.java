package org.geostream.stream.parse;

/** The outcome of parsing one record: an {@link Event} or a {@link Rejection}. */
public sealed interface Parsed permits Event, Rejection {}
