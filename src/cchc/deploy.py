"""The served site: an nginx configuration generated from the portal's policies.

`cchc deploy nginx` writes `deploy/nginx.conf` (a server configuration for Debian's or
Ubuntu's nginx, `/etc/nginx/sites-available/`): the Content-Security-Policy and the security
headers of `cchc.security` (the same policy the pages carry in their `<meta>`, plus
`frame-ancestors`, which only a header can carry), the types of the files the portal publishes
(office documents as downloads), the `.gz`/`.br` copies written by `cchc.compress` sent as they
are, long caching of files whose names carry their content's hash and short caching of the
rest, the portal's 404 page and the redirects of `/redirects.map` when the site has one.
`--check` fails when the committed file differs from what the policies give (CI keeps them
identical). Other ways to host (an object store, GitHub Pages) are in docs/deploy.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import security, urls
from .settings import Settings, find_root
from .settings import read as read_settings

OUTPUT = Path("deploy/nginx.conf")

# Types of every file a built portal holds: the published types, the site's text files, the
# theme's assets. A `types` block replaces nginx's own list, so this one is complete.
SITE_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("text/html", ("html",)),
    ("text/css", ("css",)),
    ("text/javascript", ("js", "mjs")),
    ("application/json", ("json", "map")),
    ("application/xml", ("xml",)),
    ("text/x-opml", ("opml",)),
    ("text/csv", ("csv",)),
    ("image/svg+xml", ("svg",)),
    ("image/x-icon", ("ico",)),
    ("font/woff2", ("woff2",)),
    ("font/woff", ("woff",)),
    ("application/wasm", ("wasm",)),
    ("application/manifest+json", ("webmanifest",)),
)
CHARSET_TYPES = ("text/html", "text/css", "text/javascript", "application/json",
                 "application/xml", "text/x-opml", "text/csv", "text/plain", "text/vtt",
                 "image/svg+xml")

# The theme's assets are published under assets/<hash of them all>/ (cchc.assets), Pagefind's
# index files are named by their content: both can be kept for a year.
HASHED = r"^/assets/[0-9a-f]{10}/|^/pagefind/.+\.pf_(?:fragment|index|meta|filter)$"
HTML_CACHE = "public, max-age=300"  # pages, feeds, open data: a new item shows within minutes
HASHED_CACHE = "public, max-age=31536000, immutable"
OTHER_CACHE = "public, max-age=86400"  # images, attachments, the portal's unhashed scripts
REDIRECTS = urls.REDIRECT_MAP  # written by the build when items have `aliases` (SPEC §12)


@dataclass(frozen=True)
class Server:
    """Where and how the site is served."""

    server_name: str
    root: str  # the built site's folder on the server
    tls: bool = True
    listen: str = ""  # "" → 443 (TLS) or 80; tests give 127.0.0.1:<port>
    http_listen: str = ""  # with TLS: where plain HTTP is redirected from ("" → 80)
    certificate: str = "/etc/ssl/certs/{name}.pem"
    certificate_key: str = "/etc/ssl/private/{name}.key"
    # The build wrote .gz/.br copies (`precompress`): sent as they are; else nginx compresses
    # the text types on the fly (gzip: brotli on the fly needs a module Debian does not ship).
    precompressed: bool = True


def types_block() -> list[str]:
    entries: dict[str, list[str]] = {}
    for mime, names in SITE_TYPES:
        entries.setdefault(mime, []).extend(names)
    for t in security.PUBLISHED_TYPES:
        entries.setdefault(t.mime, []).extend(e.lstrip(".") for e in t.extensions)
    lines = ["    types {"]
    for mime, exts in entries.items():
        lines.append(f"        {mime} {' '.join(dict.fromkeys(exts))};")
    lines.append("    }")
    return lines


def _headers(tls: bool, cache: str, *extra: tuple[str, str]) -> list[str]:
    """The headers of a location. nginx drops the server's `add_header`s in a location that has
    its own, so every location lists them all."""
    pairs = [*security.headers(tls=tls), ("Cache-Control", cache), *extra]
    return [f'        add_header {name} "{value}" always;' for name, value in pairs]


def _location(match: str, tls: bool, cache: str, *extra: tuple[str, str]) -> list[str]:
    return [f"    location {match} {{", *_headers(tls, cache, *extra),
            "        try_files $uri $uri/ =404;", "    }"]


def _compression(precompressed: bool) -> list[str]:
    if precompressed:
        return ["    # The copies written at build time, sent as they are (never compressed on the fly).",
                "    gzip off;",
                "    gzip_static on;",
                "    gzip_vary on;",
                "    brotli_static on;"]
    types = sorted({mime for mime, names in SITE_TYPES if mime.startswith(("text/", "image/svg"))
                    or mime.endswith(("json", "javascript", "xml"))} - {"text/html"})
    return ["    # Text compressed on the fly (the build wrote no copies: `precompress: false`).",
            "    gzip on;",
            "    gzip_comp_level 6;",
            "    gzip_min_length 512;",
            "    gzip_vary on;",
            f"    gzip_types {' '.join(types)};"]


def nginx_conf(server: Server) -> str:
    name = server.server_name
    root = server.root.rstrip("/")
    listen = server.listen or ("443 ssl http2" if server.tls else "80")
    out = [
        "# The portal's nginx configuration, generated by `cchc deploy nginx` from",
        "# cchc.security (the same Content-Security-Policy as the pages' <meta>). Do not edit",
        "# by hand: change the policy and run the command again (CI checks they are identical).",
        "#",
        "# Install on Debian or Ubuntu (see docs/deploy.md):",
        "#   apt-get install nginx libnginx-mod-http-brotli-static",
        "#   cp deploy/nginx.conf /etc/nginx/sites-available/cchc",
        "#   ln -s /etc/nginx/sites-available/cchc /etc/nginx/sites-enabled/cchc",
        "#   nginx -t && systemctl reload nginx",
        "# and publish the site with `cchc build --site-dir " + root + "`.",
        "",
        "# Old addresses of moved items (the `aliases` of news and documents): the build writes",
        f"# {REDIRECTS} when there are any; the pattern includes it only when it exists.",
        "map $uri $cchc_redirect {",
        '    default "";',
        f"    include {root}/{REDIRECTS[:-1]}[{REDIRECTS[-1]}];",
        "}",
        "",
    ]
    if server.tls:
        http = server.http_listen or "80"
        out += ["server {", f"    listen {http};", f"    server_name {name};",
                "    return 301 https://$host$request_uri;", "}", ""]
    out += ["server {", f"    listen {listen};", f"    server_name {name};"]
    if server.tls:
        out += [f"    ssl_certificate {server.certificate.format(name=name)};",
                f"    ssl_certificate_key {server.certificate_key.format(name=name)};",
                "    ssl_protocols TLSv1.2 TLSv1.3;"]
    out += [
        f"    root {root};",
        "    index index.html;",
        "    server_tokens off;",
        "    charset utf-8;",
        f"    charset_types {' '.join(CHARSET_TYPES)};",
        "    default_type application/octet-stream;",
        *types_block(),
        "",
        *_compression(server.precompressed),
        "",
        "    error_page 404 /404.html;",
        "    if ($cchc_redirect) {",
        "        return 301 $cchc_redirect;",
        "    }",
        "",
        *_location(f'~ "{HASHED}"', server.tls, HASHED_CACHE),
        # Office documents open in another program: downloaded, under their own name.
        *_location(r"~* \.(?:docx|xlsx|odt|ods)$", server.tls, OTHER_CACHE,
                   ("Content-Disposition", "attachment")),
        *_location(r"~* \.(?:pdf|png|jpe?g|gif|webp|mp3|m4a|ogg|oga|mp4|webm|vtt|ico|woff2?)$",
                   server.tls, OTHER_CACHE),
        *_location("/", server.tls, HTML_CACHE),
        "}",
        "",
    ]
    return "\n".join(out)


def default_server(settings: Settings) -> Server:
    host = urlsplit(settings.site_url).hostname or "cchc.example.gov.vn"
    return Server(server_name=host, root=f"/var/www/{host}", precompressed=settings.precompress)


def add_parser(sub: Any) -> None:
    """Register `cchc deploy nginx [...]` on the CLI's sub-parsers."""
    d = sub.add_parser("deploy", help="sinh cấu hình máy chủ web (nginx) cho trang đã xây dựng")
    d.add_argument("server", choices=["nginx"], help="loại máy chủ")
    d.add_argument("--server-name", help="tên miền (mặc định: từ site_url trong mkdocs.yml)")
    d.add_argument("--root", help="thư mục trang trên máy chủ (mặc định: /var/www/<tên miền>)")
    d.add_argument("--no-tls", action="store_true",
                   help="chỉ HTTP (mạng nội bộ không có chứng chỉ; không gửi HSTS)")
    d.add_argument("-o", "--output", help=f"tệp ghi (mặc định: {OUTPUT})")
    d.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra tệp đã có khớp với chính sách hiện tại (mã thoát 1 nếu "
                   "không khớp)")
    d.set_defaults(func=cmd_deploy)


def cmd_deploy(args: Any) -> int:
    root = find_root(Path.cwd())
    base = default_server(read_settings(root))
    server = Server(server_name=args.server_name or base.server_name,
                    root=args.root or (f"/var/www/{args.server_name}" if args.server_name
                                       else base.root),
                    tls=not args.no_tls, precompressed=base.precompressed)
    text = nginx_conf(server)
    out = Path(args.output) if args.output else root / OUTPUT
    if args.check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"{out}: chưa cập nhật theo chính sách bảo mật; chạy `cchc deploy nginx` để "
                  "sinh lại.", file=sys.stderr)
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(out, file=sys.stderr)
    return 0
