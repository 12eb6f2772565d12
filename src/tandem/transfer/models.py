"""Imports in progress and the link between imported items and the file's unique ids."""
