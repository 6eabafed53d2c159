"""Pages of the people app, a module per area; urls.py wires them."""
