"""The exception GeoStream raises in Python."""
from __future__ import annotations

from typing import Optional

from pyspark.errors import PySparkException

__all__ = ["GeoStreamError"]


class GeoStreamError(PySparkException):
    """An error of GeoStream: bad input, a wrong option or parameter, a failed store operation.

    The message reads "Cannot <do X>: <reason>: <value>", as on the JVM; an error raised by the JVM
    (``org.geostream.types.GeoStreamException``, also when Spark wraps it in a failed task or job)
    arrives with the JVM's message, and its JVM stack trace is kept in :attr:`jvm_stacktrace`
    instead of being printed. A subclass of PySpark's ``PySparkException``, so handlers of Spark's
    errors catch it too.
    """

    def __init__(self, message: str, jvm_stacktrace: Optional[str] = None) -> None:
        super().__init__(message=message)
        #: The JVM stack trace when the error came from the JVM, else None.
        self.jvm_stacktrace = jvm_stacktrace

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable, e.g. across multiprocessing
        return (GeoStreamError, (self.message, self.jvm_stacktrace))
