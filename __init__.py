"""dealgraph: turn deal news into a graph that analysts can question.

Library entry points:
    dealgraph.graph.sqlite.SqliteStore   the embedded store (SQLite)
    dealgraph.loaders.load(path)         one file -> Extraction
    dealgraph.queries                    canned questions, answered as pandas DataFrames
    dealgraph.exports.export(...)        JSON, GraphML, GEXF, CSV, Cypher, HTML
"""
__version__ = "0.1.0"
