#!/usr/bin/env python3
"""Writes the SHA-256 of every inline <script> of the built index.html into its
Content-Security-Policy, in place of the 'sha256-LOADER' placeholder.

Run by trunk as a post_build hook (TRUNK_STAGING_DIR), or by hand with a path.
A policy that lists exact hashes lets the loader run without 'unsafe-inline'.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'sha256-LOADER'"


def main() -> int:
    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        path = os.path.join(os.environ["TRUNK_STAGING_DIR"], "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp.py: {path} has no {PLACEHOLDER} placeholder", file=sys.stderr)
        return 1
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        for s in inline
    )
    html = html.replace(PLACEHOLDER, hashes)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp.py: {len(inline)} inline script(s) hashed into the policy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
