"""Household requests: asking for a movie, quotas, duplicates, approval and what happens next.

Private to the movies app: views and other apps reach it through movies.services.
"""
