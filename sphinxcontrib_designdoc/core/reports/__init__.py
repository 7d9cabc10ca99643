"""Reports without Sphinx: what a report shows (:mod:`.content`)."""
