"""The graph: schema, data model, partial dates, names and the stores that hold them."""
