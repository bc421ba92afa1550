"""unkg: a knowledge graph and linked-data publisher for United Nations documents.

Pipeline stages, one module each: ``ingest`` (bytes -> text) -> ``parse`` (text -> typed
:class:`~unkg.model.Document`) -> ``mapping`` (document -> quads in one named graph) ->
``validate`` (SHACL) -> ``store`` (pyoxigraph) -> ``query`` / ``export``.
"""

__version__ = "0.1.0"
