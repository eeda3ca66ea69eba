"""The terminal screens: the only package that imports rich and questionary."""
