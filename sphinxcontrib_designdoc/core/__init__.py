"""The core: what a design document holds and the rules about it, without Sphinx.

Kinds (:mod:`.kinds`), entry records (:mod:`.model`), the filter language
(:mod:`.filters`), the link graph (:mod:`.linkgraph`), warning subtypes and
problems (:mod:`.subtypes`), question rules (:mod:`.questions`), quality
levels, evidence readers and compliance (:mod:`.policy`, :mod:`.evidence`,
:mod:`.compliance`), the build date (:mod:`.builddate`), and the rules about
a whole project (:mod:`.rules`, over a :mod:`.project`).  Nothing here
imports Sphinx or docutils: the Sphinx extension (:mod:`..extension`) and the
``designdoc`` command (:mod:`..cli`) both build on it.
"""
