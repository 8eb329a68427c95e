"""Pure parsers for project and lock file formats: strings or mappings in, model values out."""
