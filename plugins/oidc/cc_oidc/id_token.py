"""Checking an ID token before anything in it is believed.

The signature is verified with the provider's published keys and only
with a public-key algorithm the provider announces (so ``alg: none`` and
an HMAC "signed" with the public key as secret are refused), then the
claims OpenID Connect Core §3.1.3.7 requires: ``iss`` is the provider's
issuer, ``aud`` holds our client id (and ``azp`` is ours when there are
several audiences), ``exp`` is in the future, ``iat`` is not from the
future nor older than ``cc.oidc.max_token_age`` (600 s), ``nonce`` is the
one this browser's login started with.  A clock leeway of
``cc.oidc.leeway`` (60 s) allows for drift between the two servers.
"""
from __future__ import annotations

import time

from joserfc import jws, jwt
from joserfc.errors import JoseError

from .discovery import Metadata, ProviderDirectory


class InvalidIDToken(Exception):
    """The ID token is forged, for somebody else, or stale; ``str()`` says which check failed (never the token)."""


def verified_claims(directory: ProviderDirectory, metadata: Metadata, token: str, *, client_id: str,
                    nonce: str, settings) -> dict:
    """The claims of ``token`` after every check; raises :class:`InvalidIDToken`."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise InvalidIDToken("not a signed JWT")
    try:
        header = jws.extract_compact(token.encode("ascii")).headers()
    except (JoseError, ValueError, UnicodeError):
        raise InvalidIDToken("unreadable header") from None
    if header.get("alg") not in metadata.algorithms:
        raise InvalidIDToken(f"algorithm {header.get('alg')!r} is not accepted")
    kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    key_set = directory.keys(metadata, kid)
    claims = _signed_claims(token, key_set, kid, metadata.algorithms)
    check_claims(claims, issuer=metadata.issuer, client_id=client_id, nonce=nonce,
                 leeway=int(settings.get("cc.oidc.leeway", 60)),
                 max_age=int(settings.get("cc.oidc.max_token_age", 600)))
    return claims


def _signed_claims(token: str, key_set, kid: str | None, algorithms) -> dict:
    """The claims of ``token`` if a key of the set (the one named ``kid``, else any) verifies it."""
    candidates = [key for key in key_set.keys if kid is None or key.kid == kid]
    if not candidates:
        raise InvalidIDToken("signed with a key the provider does not publish")
    for key in candidates:
        try:
            return jwt.decode(token, key, algorithms=list(algorithms)).claims
        except (JoseError, ValueError, KeyError, TypeError):
            continue
    raise InvalidIDToken("signature does not verify")


def check_claims(claims: dict, *, issuer: str, client_id: str, nonce: str, leeway: int, max_age: int,
                 now: float | None = None) -> None:
    """Raise :class:`InvalidIDToken` unless ``claims`` are for us, from ``issuer``, current and for this login."""
    now = time.time() if now is None else now
    if claims.get("iss") != issuer:
        raise InvalidIDToken("iss is not the provider's issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or client_id not in audiences:
        raise InvalidIDToken("aud does not name this portal")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise InvalidIDToken("azp does not name this portal")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not _number(exp) or exp + leeway < now:
        raise InvalidIDToken("expired")
    if not _number(iat) or iat - leeway > now or iat + max_age + leeway < now:
        raise InvalidIDToken("iat is in the future or too old")
    if claims.get("nonce") != nonce:
        raise InvalidIDToken("nonce does not match this login")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise InvalidIDToken("no usable sub")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
