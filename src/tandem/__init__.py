"""Tandem: project management and coordination for managers, coordinators and their teams."""

__version__ = "0.1.0"
