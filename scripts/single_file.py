#!/usr/bin/env python3
"""Bundles the built site in dist/ into ONE self-contained page, dist/bidmark.html,
that works when opened straight from disk (a file:// URL, a USB stick) with no
server and no network.

    python3 scripts/single_file.py [DIST_DIR]      (run by `make dist`)

What it does to trunk's dist/index.html:

- the stylesheets become <style> elements, the icon a data: URL;
- the wasm-bindgen ES module (web-HASH.js) is inlined into one <script type="module">,
  its `export` statements removed and its exports gathered into a `bindings` object;
- the WebAssembly (web-HASH_bg.wasm) goes in the same script as base64, decoded in
  the page and handed to the module's own init as bytes, so it is compiled with
  WebAssembly.instantiate and never fetched;
- trunk's inline loader (`import init, * as bindings from './web-HASH.js'; ...`) then
  runs as it was, in a block, with the bytes in place of the .wasm URL: it starts the
  app, sets window.wasmBindings when trunk did, and dispatches TrunkApplicationStarted;
- trunk's modulepreload/preload links and every external script/stylesheet go;
- the Content-Security-Policy is rewritten for a page that loads nothing: the hash of
  each inline script and of each <style>, 'wasm-unsafe-eval', img-src data: only,
  connect-src 'none'.

Every step checks that trunk's output looks as expected and stops with a message
if it does not, rather than write a page that would silently fail to start.
Python 3 standard library only.
"""
import base64
import hashlib
import html
import os
import re
import sys

OUTPUT = "bidmark.html"
# The decoded WebAssembly bytes, as named inside the inline module.
WASM_VAR = "__bidmark_wasm"

MIME = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}

TAG_LINK = re.compile(r"<link\b[^>]*>", re.I)
TAG_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


class BundleError(Exception):
    pass


def attrs(tag: str) -> dict:
    """The attributes of a start tag, lower-cased names, unescaped values."""
    inner = re.sub(r"^<\w+|/?>$", "", tag)
    out = {}
    for m in ATTR.finditer(inner):
        value = next((v for v in m.group(2, 3, 4) if v is not None), "")
        out[m.group(1).lower()] = html.unescape(value)
    return out


def sha256(text: str) -> str:
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def local_file(dist: str, href: str) -> str:
    """The file in dist/ that a relative URL in index.html names."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
        raise BundleError(f"{href!r} is not a file of the site; only relative URLs can be inlined")
    rel = href.split("#", 1)[0].split("?", 1)[0]
    path = os.path.normpath(os.path.join(dist, rel))
    if not path.startswith(os.path.normpath(dist) + os.sep) or not os.path.isfile(path):
        raise BundleError(f"{href!r} is not a file in {dist}")
    return path


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        # The HTML parser turns CR LF into LF before a CSP hash is taken: do it here too.
        return f.read().replace("\r\n", "\n").replace("\r", "\n")


def check_raw_text(text: str, element: str, origin: str) -> None:
    """Script and style contents end at the first `</script` or `</style`."""
    lowered = text.lower()
    if f"</{element}" in lowered or (element == "script" and ("<!--" in text or "<script" in lowered)):
        raise BundleError(f"{origin} contains text that would end or confuse an inline <{element}>")


# --- The wasm-bindgen module ---------------------------------------------------------

EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\}\s*;?[ \t]*$", re.M)
EXPORT_DECL = re.compile(r"^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)", re.M)


def module_without_exports(js: str, origin: str):
    """The module's code as a plain module body, and {exported name: local name}."""
    if re.search(r"^\s*import\b(?!\s*\.\s*meta)|\bimport\s*\(", js, re.M):
        raise BundleError(
            f"{origin} imports other modules (wasm-bindgen snippets?): inlining them is not supported")
    exports = {}
    for m in EXPORT_LIST.finditer(js):
        for item in m.group(1).split(","):
            item = item.strip()
            if not item:
                continue
            parts = re.fullmatch(r"([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?", item)
            if not parts:
                raise BundleError(f"{origin}: cannot read the export {item!r}")
            exports[parts.group(2) or parts.group(1)] = parts.group(1)
    js = EXPORT_LIST.sub("", js)
    for m in EXPORT_DECL.finditer(js):
        exports[m.group(2)] = m.group(2)
    js = EXPORT_DECL.sub(lambda m: m.group(0)[len("export"):].lstrip(), js)
    if re.search(r"^\s*export\b", js, re.M):
        raise BundleError(f"{origin} has an export this bundler does not understand")
    if "default" not in exports:
        raise BundleError(f"{origin} has no default export (the wasm-bindgen init function)")
    if WASM_VAR in js:
        raise BundleError(f"{origin} already uses the name {WASM_VAR}")
    return js, exports


def inline_loader(dist: str, loader: str) -> str:
    """trunk's loader with the module and the wasm inlined: one module script's text."""
    imp = re.search(
        r"""^[ \t]*import\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\*\s*as\s+([A-Za-z_$][\w$]*)\s*)?"""
        r"""from\s*(['"])([^'"]+\.js)\3\s*;?[ \t]*\n?""", loader, re.M)
    if not imp:
        raise BundleError("trunk's loader does not `import init, * as bindings from './web-HASH.js'`")
    init_name, ns_name, js_href = imp.group(1), imp.group(2), imp.group(4)
    body = loader[:imp.start()] + loader[imp.end():]
    if re.search(r"\bimport\b(?!\s*\.\s*meta)", body):
        raise BundleError("trunk's loader imports more than the wasm-bindgen module")

    wasm_arg = re.compile(r"""module_or_path\s*:\s*(['"])([^'"]+\.wasm)\1""")
    found = wasm_arg.findall(body)
    if len(found) != 1:
        raise BundleError("trunk's loader does not call init({ module_or_path: './web-HASH_bg.wasm' }) once")
    wasm_href = found[0][1]
    body = wasm_arg.sub(f"module_or_path: {WASM_VAR}", body)

    js_path = local_file(dist, js_href)
    wasm_path = local_file(dist, wasm_href)
    js, exports = module_without_exports(read_text(js_path), js_href)
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    if wasm[:4] != b"\0asm":
        raise BundleError(f"{wasm_href} is not WebAssembly")
    b64 = base64.b64encode(wasm).decode("ascii")

    # Names the loader used for the module's default export and its namespace.
    aliases = []
    if init_name != exports["default"]:
        aliases.append(f"const {init_name} = {exports['default']};")
    if ns_name:
        members = ", ".join(
            f"{name}: {local}" if name != local else name for name, local in exports.items())
        aliases.append(f"const {ns_name} = Object.freeze({{ __proto__: null, {members} }});")

    return (
        f"\n// The wasm-bindgen module {os.path.basename(js_path)}, inlined: its exports are "
        f"gathered below.\n"
        f"{js.rstrip()}\n\n"
        f"// trunk's loader, with the app's WebAssembly ({os.path.basename(wasm_path)}, "
        f"{len(wasm)} bytes) decoded\n"
        f"// from base64 and compiled in the page: nothing is fetched.\n"
        "{\n"
        f"const {WASM_VAR} = ((b64) => {{\n"
        "  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);\n"
        "  const text = atob(b64);\n"
        "  const bytes = new Uint8Array(text.length);\n"
        "  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n"
        "  return bytes;\n"
        f"}})(\"{b64}\");\n"
        + "".join(a + "\n" for a in aliases)
        + body.strip("\n")
        + "\n}\n"
    )


# --- The page --------------------------------------------------------------------------

def bundle(dist: str) -> str:
    page = read_text(os.path.join(dist, "index.html"))
    head_end = page.lower().find("</head>")
    if head_end < 0:
        raise BundleError("index.html has no </head>")
    head, rest = page[:head_end], page[head_end:]

    # Scripts: exactly trunk's inline module loader, no external script.
    scripts = list(TAG_SCRIPT.finditer(head))
    if re.search(r"<script\b", rest, re.I):
        raise BundleError("index.html has a <script> outside <head>; only trunk's loader is expected")
    loaders = []
    for m in scripts:
        a = attrs("<script" + m.group(1) + ">")
        if "src" in a:
            raise BundleError(f"index.html loads an external script {a['src']!r}")
        if a.get("type") == "module" and re.search(r"\bimport\b", m.group(2)):
            loaders.append(m)
    if len(loaders) != 1:
        raise BundleError(f"expected one inline module loader from trunk, found {len(loaders)}")
    loader = loaders[0]
    code = inline_loader(dist, loader.group(2))
    check_raw_text(code, "script", "the inlined module")
    head = head[:loader.start()] + '<script type="module">' + code + "</script>" + head[loader.end():]

    # Links: stylesheets inlined, icons as data: URLs, preloads dropped.
    def replace_link(m):
        tag = m.group(0)
        a = attrs(tag)
        rels = set(a.get("rel", "").lower().split())
        href = a.get("href", "")
        if rels & {"modulepreload", "preload", "prefetch", "preconnect", "dns-prefetch"}:
            return ""
        if "stylesheet" in rels:
            css = read_text(local_file(dist, href))
            if re.search(r"""url\(\s*(?!['"]?data:)|@import""", css, re.I):
                raise BundleError(f"{href} refers to other files (url() or @import): not inlined")
            check_raw_text(css, "style", href)
            media = f' media="{html.escape(a["media"])}"' if a.get("media") else ""
            return f"<style{media}>{css}</style>"
        if rels & {"icon", "apple-touch-icon", "shortcut"} and not href.startswith("data:"):
            path = local_file(dist, href)
            mime = a.get("type") or MIME.get(os.path.splitext(path)[1].lower())
            if not mime:
                raise BundleError(f"the icon {href!r} has no known type")
            with open(path, "rb") as f:
                data = base64.b64encode(f.read()).decode("ascii")
            return re.sub(r"""\bhref\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
                          lambda _: f'href="data:{mime};base64,{data}"', tag, count=1)
        if href and not href.startswith("data:"):
            raise BundleError(f"index.html links to {href!r} (rel={a.get('rel')!r}): not inlined")
        return tag

    head = TAG_LINK.sub(replace_link, head)
    # trunk puts its preload links on the line of </head>; keep the source tidy.
    head = re.sub(r"[ \t]*\n(?:[ \t]*\n)+", "\n", head)

    # The comment about the built site's policy no longer applies.
    head = re.sub(r"[ \t]*<!--(?:(?!-->).)*?sha256-.*?-->\n?", "", head, flags=re.S)

    page = head + rest
    if re.search(r"""<(?:img|iframe|embed|object|audio|video|source|track)\b[^>]*\bsrc\s*=\s*["']?(?!data:)""",
                 page, re.I):
        raise BundleError("index.html has an element that loads a file: not inlined")

    # The policy, from what the page now holds.
    script_hashes = [sha256(m.group(2)) for m in TAG_SCRIPT.finditer(page)
                     if "src" not in attrs("<script" + m.group(1) + ">")]
    style_hashes = [sha256(s) for s in
                    re.findall(r"<style\b[^>]*>(.*?)</style\s*>", page, flags=re.I | re.S)]
    policy = "; ".join([
        "default-src 'none'",
        "script-src 'wasm-unsafe-eval' " + " ".join(script_hashes),
        "style-src " + (" ".join(style_hashes) or "'none'"),
        "img-src data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>""", re.I)
    metas = meta.findall(page)
    if len(metas) != 1:
        raise BundleError(f"expected one Content-Security-Policy <meta> in index.html, found {len(metas)}")
    comment = ("<!-- One self-contained file (scripts/single_file.py): it loads nothing. The policy "
               "allows only\n       the inline scripts and styles below, by hash, and compiling the "
               "app's own WebAssembly. -->\n  ")
    page = meta.sub(lambda _: comment + '<meta http-equiv="Content-Security-Policy" content="'
                    + html.escape(policy, quote=False).replace('"', "&quot;") + '">', page, count=1)
    return page


def main() -> int:
    dist = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "dist")
    dist = os.path.normpath(dist)
    if not os.path.isfile(os.path.join(dist, "index.html")):
        print(f"single_file.py: {dist}/index.html is missing: run `make build` first", file=sys.stderr)
        return 1
    try:
        page = bundle(dist)
    except (BundleError, OSError, UnicodeDecodeError) as e:
        print(f"single_file.py: {e}", file=sys.stderr)
        return 1
    out = os.path.join(dist, OUTPUT)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(page)
    size = os.path.getsize(out)
    print(f"single_file.py: wrote {out}, {size:,} bytes ({size / 1048576:.1f} MiB), "
          "one file that opens from disk with no network")
    return 0


if __name__ == "__main__":
    sys.exit(main())
