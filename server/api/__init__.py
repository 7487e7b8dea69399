"""HTTP layer: thin blueprints that parse with a schema, call a service and dump with a schema."""
