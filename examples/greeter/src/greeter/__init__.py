"""greeter: say hello to someone, fetched over HTTP or given on the command line."""

__version__ = "0.3.1"
