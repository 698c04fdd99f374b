"""The package version: the Maven project version with -SNAPSHOT as .dev0 (checked by the build hook)."""
__version__ = "0.1.0.dev0"
