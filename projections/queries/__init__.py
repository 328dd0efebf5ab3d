"""Queries over the read model. Each returns plain values (see ``projections.report``)."""
