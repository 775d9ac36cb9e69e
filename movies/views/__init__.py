"""Pages of the movie library (thin: parse the request, call a service, render)."""
