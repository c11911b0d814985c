"""Command line juesuan: argument parsing and printing over the library API."""
