"""The networked classroom: the game's rules, its server, its screens and the page it serves."""
