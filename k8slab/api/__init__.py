"""Object model: kinds, YAML loading, strict decoding, defaulting and validation."""
