"""The movie library: movies, files, root folders, quality definitions and profiles, TMDB."""
