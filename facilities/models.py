"""Facility pages and the directory of B型 offices (built in the directory issue)."""
