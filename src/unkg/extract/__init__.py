"""Extract stage: actors, bodies and other named things found in the text of a Document.

:mod:`unkg.extract.lexicon` is the phrase matcher everything here is built on;
:mod:`unkg.extract.states` finds States and other political entities;
:mod:`unkg.extract.organs` finds UN organs, offices, posts and other organisations.
"""
