#!/usr/bin/env python3
"""Well-formed FAKE tokens for detector rule examples and test fixtures.

Random parts come from a seeded generator, so the output is stable; checksummed formats carry a
correct checksum (a rule with `checksum:` rejects a token whose checksum is wrong).

  python3 scripts/fake_tokens.py github ghp_        # GitHub classic token (CRC32, base62)
  python3 scripts/fake_tokens.py npm                # npm access token (CRC32, base62)
  python3 scripts/fake_tokens.py pypi [test]        # PyPI API token (macaroon v2)
  python3 scripts/fake_tokens.py sentry             # Sentry organization token
  python3 scripts/fake_tokens.py jwt                # HS256 JWT with a fake signature
"""
import base64
import json
import random
import sys
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def rand(rng, charset, n):
    return "".join(rng.choice(charset) for _ in range(n))


def base62(value, width=6):
    out = ""
    for _ in range(width):
        out = BASE62[value % 62] + out
        value //= 62
    return out


def crc32_token(prefix, rng, random_part=None):
    """prefix + 30 random base62 chars + base62(crc32(random part)), as GitHub and npm do."""
    random_part = random_part or ("FAKE" + rand(rng, BASE62, 26))
    return prefix + random_part + base62(zlib.crc32(random_part.encode("ascii")))


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(kind, data):
    return varint(kind) + varint(len(data)) + data


def pypi_token(rng, location="pypi.org"):
    """pypi- + base64url(macaroon v2): location, identifier, one caveat, signature."""
    identifier = json.dumps({"version": 1, "permissions": "user", "fake": True}).encode()
    caveat = json.dumps([1, {"fake": rand(rng, BASE62, 12)}]).encode()
    body = bytes([2]) + field(1, location.encode()) + field(2, identifier) + b"\x00"
    body += field(2, caveat) + b"\x00" + b"\x00"
    body += field(6, bytes(rng.randrange(256) for _ in range(32)))
    return "pypi-" + base64.urlsafe_b64encode(body).decode().rstrip("=")


def sentry_token(rng):
    payload = {"iat": 1700000000.0, "url": "https://sentry.io", "region_url": "https://us.sentry.io", "org": "fake-org"}
    encoded = base64.b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return "sntrys_" + encoded + "_" + rand(rng, BASE62, 43)


def jwt(rng, claims=None):
    def b64(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    claims = claims or {"sub": "fake-user", "iat": 1700000000, "name": "Fake Example"}
    signature = base64.urlsafe_b64encode(bytes(rng.randrange(256) for _ in range(32))).decode().rstrip("=")
    return b64({"alg": "HS256", "typ": "JWT"}) + "." + b64(claims) + "." + signature


def main(argv):
    rng = random.Random(" ".join(argv))
    kind = argv[1] if len(argv) > 1 else ""
    if kind == "github":
        print(crc32_token(argv[2] if len(argv) > 2 else "ghp_", rng))
    elif kind == "npm":
        print(crc32_token("npm_", rng))
    elif kind == "pypi":
        print(pypi_token(rng, "test.pypi.org" if "test" in argv[2:] else "pypi.org"))
    elif kind == "sentry":
        print(sentry_token(rng))
    elif kind == "jwt":
        print(jwt(rng))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
