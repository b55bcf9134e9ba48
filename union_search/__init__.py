"""Glue for union-search: the one configuration object and the command line."""
