"""Property tests (hypothesis): parsers, round trips and agreement with packaging."""
