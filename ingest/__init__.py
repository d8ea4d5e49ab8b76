"""Turning files into chunks with the metadata citations need."""
