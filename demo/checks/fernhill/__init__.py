"""A small part of the Fernhill ledger, to run the demo's quality gates on."""
