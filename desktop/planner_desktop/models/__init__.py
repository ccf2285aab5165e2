"""Qt table models and their proxies: plain lists in, rows out."""
