"""The server shelf: saved papers and their export to reference managers."""
