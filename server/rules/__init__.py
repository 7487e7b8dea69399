"""Pure rules with no database: URL rules, languages, JSON's edges, article ids. Schemas and services both use
them; they import nothing of Waypost's."""
