"""Sign-in: the users file, its command line and (later) the sign-in page."""
