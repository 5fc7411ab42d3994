"""Sign-in cookies: the library's signed token ({username, exp_date}, HS256), checked here too.

streamlit-authenticator writes the cookie from browser script and would accept it until it
expires, even after sign-out. We never let it re-authenticate on its own: every cookie is
checked here, including against the server-side list of revoked sessions.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import jwt

ALGORITHM = "HS256"


def fingerprint(token: str) -> str:
    """What the revocation list stores: a hash, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(username: str, key: str, expires: datetime) -> str:
    """A token in the library's format (its cookie controller reads and writes the same)."""
    return jwt.encode({"username": username, "exp_date": expires.timestamp()}, key, ALGORITHM)


def token_user(token: str, key: str, now: datetime) -> tuple[str, float] | None:
    """(username, expiry timestamp) of a well-signed, unexpired token; None for anything else."""
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        return None
    username, expires = claims.get("username"), claims.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, int | float):
        return None
    if expires <= now.timestamp():
        return None
    return username, float(expires)
