"""The core: what a design document holds and the rules about it, without Sphinx.

Kinds (:mod:`.kinds`), entry records (:mod:`.model`), the filter language
(:mod:`.filters`), the link graph (:mod:`.linkgraph`), warning subtypes and
problems (:mod:`.subtypes`), question rules (:mod:`.questions`), quality
levels, evidence readers and compliance (:mod:`.policy`, :mod:`.evidence`,
:mod:`.compliance`) and the build date (:mod:`.builddate`).  Nothing here
imports Sphinx or docutils: the Sphinx extension (:mod:`..extension`) and the
``designdoc`` command (:mod:`..cli`) both build on it.
"""
