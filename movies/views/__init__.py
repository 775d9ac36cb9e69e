"""Pages of the movie library: the library, add movie, movie detail and bulk edit."""
