"""Resolutions, ballots, outcomes and the per-college tally."""
