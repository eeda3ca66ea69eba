"""The networked classroom: its server, protocol and the page it serves (being added)."""
