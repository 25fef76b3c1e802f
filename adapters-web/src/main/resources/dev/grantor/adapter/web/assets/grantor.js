// Progressive improvements only: every page works without this file.
