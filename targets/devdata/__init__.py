"""The targets app's demo data and benchmark, used by development settings only."""
