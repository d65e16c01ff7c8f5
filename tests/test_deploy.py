"""The served site: Debian's nginx runs `cchc.deploy`'s configuration on 127.0.0.1 over a real
build; pages, assets, attachments, the 404 page and a redirect answer with the right status,
types, caching, compression and security headers (over TLS too, with a throwaway certificate)."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from cchc import deploy, security
from tests.support import files
from tests.support.portal import DOC, REPO, make_project, news

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(),
                                reason="nginx is missing: apt-get install -y nginx (.ci/run)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("deploy") / "portal", {
        "content/tin-tuc/2024/a.md": news(),
        "plans/2024/a.md": DOC.replace(
            "issued: 2024-01-19", "issued: 2024-01-19\nattachments: [ke-hoach.pdf, phu-luc.docx, "
            "'tệp đính kèm #1 ?.pdf']"),
        "plans/2024/ke-hoach.pdf": files.PDF,
        "plans/2024/phu-luc.docx": files.docx(),
        "plans/2024/tệp đính kèm #1 ?.pdf": files.PDF,
    }, precompress=True)
    project.cchc("build", "--today", "2024-06-30", check=True)
    out = project.root / "site"
    # The map issue 20's build writes for items' `aliases` (SPEC §12): nginx `map` lines.
    (out / deploy.REDIRECTS).write_text("/tin-tuc/2024/ten-cu/ /tin-tuc/2024/"
                                        "xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/;\n",
                                        encoding="utf-8")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _main_conf(folder: Path, site_conf: str) -> Path:
    """nginx's own main file for the test (Debian's /etc/nginx/nginx.conf plays this part on a
    server): one worker, files in `folder`, the site's configuration included."""
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site_conf, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's tmp folder
    temp = "".join(f"    {k}_temp_path {folder}/tmp/{k};\n"
                   for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\nload_module {BROTLI_MODULE};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    access_log off;\n{temp}    include {folder}/site.conf;\n}}\n",
        encoding="utf-8")
    return main


@contextlib.contextmanager
def nginx(folder: Path, server: deploy.Server, ports: list[int]) -> Iterator[None]:
    main = _main_conf(folder, deploy.nginx_conf(server))
    check = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(main)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        for port in ports:
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                             timeout=0.2):
                    break
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def http_port(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if not BROTLI_MODULE.exists():
        pytest.fail("apt-get install -y libnginx-mod-http-brotli-static (.ci/run installs it)")
    port = _free_port()
    server = deploy.Server("localhost", str(site), tls=False, listen=f"127.0.0.1:{port}")
    with nginx(tmp_path_factory.mktemp("nginx"), server, [port]):
        yield port


def get(port: int, path: str, tls: bool = False, **headers: str) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def assert_security_headers(r: http.client.HTTPResponse, tls: bool = False) -> None:
    expected = dict(security.headers(tls=tls))
    for name, value in expected.items():
        assert r.getheader(name) == value, name
    assert (r.getheader("Strict-Transport-Security") is not None) == tls
    # The header carries what a <meta> cannot: nothing may frame the portal.
    assert "frame-ancestors 'none'" in r.getheader("Content-Security-Policy", "")


def test_committed_configuration_is_generated_from_the_policy():
    result = subprocess.run([str(Path(sys.executable).with_name("cchc")), "deploy", "nginx",
                             "--check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{security.csp(header=True)}" always;' in text
    assert security.csp() in security.csp(header=True)  # the <meta> policy, less frame-ancestors


def test_page_headers_and_short_cache(site, http_port):
    r = get(http_port, "/")
    assert r.status == 200
    assert r.getheader("Content-Type") == "text/html; charset=utf-8"
    assert r.getheader("Cache-Control") == deploy.HTML_CACHE
    assert_security_headers(r)
    assert r.body == (site / "index.html").read_bytes()  # type: ignore[attr-defined]
    # The page's own <meta> policy is the header's, less what only a header can carry.
    assert b'http-equiv="Content-Security-Policy"' in r.body  # type: ignore[attr-defined]


def test_a_directory_without_slash_redirects(http_port):
    r = get(http_port, "/tin-tuc")
    assert r.status == 301
    assert r.getheader("Location", "").endswith("/tin-tuc/")


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress),
                                              ("gzip", gzip.decompress)])
def test_precompressed_copies_are_sent_as_they_are(site, http_port, encoding, decode):
    r = get(http_port, "/van-ban/", Accept_Encoding=encoding)
    assert r.status == 200
    assert r.getheader("Content-Encoding") == encoding
    assert "Accept-Encoding" in (r.getheader("Vary") or "")
    path = site / "van-ban/index.html"
    suffix = ".br" if encoding == "br" else ".gz"
    assert r.body == path.with_name(path.name + suffix).read_bytes()  # type: ignore[attr-defined]
    assert decode(r.body) == path.read_bytes()  # type: ignore[attr-defined]
    plain = get(http_port, "/van-ban/")
    assert plain.getheader("Content-Encoding") is None
    assert plain.body == path.read_bytes()  # type: ignore[attr-defined]


def test_hashed_assets_are_cached_for_a_year(site, http_port):
    bundle = next(site.glob("assets/*/javascripts/cchc-search.js"))
    r = get(http_port, "/" + bundle.relative_to(site).as_posix())
    assert r.status == 200
    assert r.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert r.getheader("Cache-Control") == deploy.HASHED_CACHE
    assert_security_headers(r)
    fragment = next((site / "pagefind/fragment").glob("*.pf_fragment"))
    r = get(http_port, "/" + fragment.relative_to(site).as_posix())
    assert r.status == 200 and r.getheader("Cache-Control") == deploy.HASHED_CACHE
    # Pagefind's entry file is not named by its content: a new build must reach readers soon.
    r = get(http_port, "/pagefind/pagefind-entry.json")
    assert r.status == 200 and r.getheader("Cache-Control") == deploy.HTML_CACHE


def test_feeds_and_open_data_types(http_port):
    assert get(http_port, "/feed.xml").getheader("Content-Type") == \
        "application/xml; charset=utf-8"
    assert get(http_port, "/api/news.json").getheader("Content-Type") == \
        "application/json; charset=utf-8"


def test_attachments_type_and_disposition(http_port):
    base = "/van-ban/2024/15-kh-ubnd-ubnd-huyen-b/"
    pdf = get(http_port, base + "ke-hoach.pdf")
    assert pdf.status == 200
    assert pdf.getheader("Content-Type") == "application/pdf"
    assert pdf.getheader("Content-Disposition") is None  # opens in the browser
    assert pdf.getheader("Cache-Control") == deploy.OTHER_CACHE
    assert_security_headers(pdf)
    docx = get(http_port, base + "phu-luc.docx")
    assert docx.status == 200
    assert docx.getheader("Content-Type") == security.BY_EXTENSION[".docx"].mime
    assert docx.getheader("Content-Disposition") == "attachment"
    assert_security_headers(docx)
    # The page links the odd name percent-encoded, and that URL is the file.
    page = get(http_port, base).body.decode()  # type: ignore[attr-defined]
    encoded = "t%E1%BB%87p%20%C4%91%C3%ADnh%20k%C3%A8m%20%231%20%3F.pdf"
    assert f'href="{encoded}"' in page
    assert get(http_port, base + encoded).status == 200


def test_not_found_is_the_portals_404_page(site, http_port):
    r = get(http_port, "/khong-co-trang-nay/")
    assert r.status == 404
    assert r.body == (site / "404.html").read_bytes()  # type: ignore[attr-defined]
    assert_security_headers(r)
    assert get(http_port, "/van-ban/2024/15-kh-ubnd-ubnd-huyen-b/khong-co.pdf").status == 404


def test_redirects_map_sends_old_addresses_on(http_port):
    r = get(http_port, "/tin-tuc/2024/ten-cu/")
    assert r.status == 301
    assert r.getheader("Location", "").endswith(
        "/tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/")
    assert get(http_port, r.getheader("Location", "")[r.getheader("Location", "")
                                                       .index("/tin-tuc"):]).status == 200


def test_starts_without_a_redirects_map(site, tmp_path):
    bare = tmp_path / "site"
    bare.mkdir()
    (bare / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (bare / "404.html").write_text("<!doctype html><title>404</title>", encoding="utf-8")
    port = _free_port()
    with nginx(tmp_path / "nginx", deploy.Server("localhost", str(bare), tls=False,
                                                 listen=f"127.0.0.1:{port}"), [port]):
        assert get(port, "/").status == 200
        assert get(port, "/tin-tuc/2024/ten-cu/").status == 404


def test_tls_adds_hsts_and_plain_http_redirects(site, tmp_path):
    if shutil.which("openssl") is None:
        pytest.fail("openssl is missing (Debian's openssl package)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    https, plain = _free_port(), _free_port()
    server = deploy.Server("localhost", str(site), tls=True, listen=f"127.0.0.1:{https} ssl",
                           http_listen=f"127.0.0.1:{plain}", certificate=str(cert),
                           certificate_key=str(key))
    with nginx(tmp_path / "nginx", server, [https, plain]):
        r = get(https, "/", tls=True)
        assert r.status == 200
        assert_security_headers(r, tls=True)
        assert get(https, "/khong-co/", tls=True).getheader("Strict-Transport-Security")
        moved = get(plain, "/van-ban/")
        assert moved.status == 301
        assert moved.getheader("Location", "").startswith("https://")


def test_without_copies_nginx_compresses_on_the_fly(tmp_path):
    """A site built without `precompress` is served compressed all the same: the configuration
    then has nginx gzip the text types itself."""
    project = make_project(tmp_path / "portal", {"content/tin-tuc/2024/a.md": news()})
    project.cchc("build", "--today", "2024-06-30", check=True)
    site = project.root / "site"
    assert not list(site.rglob("*.gz"))
    port = _free_port()
    server = deploy.Server("localhost", str(site), tls=False, listen=f"127.0.0.1:{port}",
                           precompressed=False)
    assert "gzip on;" in deploy.nginx_conf(server) and "brotli_static" not in \
        deploy.nginx_conf(server)
    with nginx(tmp_path / "nginx", server, [port]):
        for path, page in (("/tin-tuc/", "tin-tuc/index.html"),
                           ("/feed.xml", "feed.xml")):
            r = get(port, path, Accept_Encoding="gzip, br")
            assert r.status == 200 and r.getheader("Content-Encoding") == "gzip", path
            assert "Accept-Encoding" in (r.getheader("Vary") or "")
            assert gzip.decompress(r.body) == (site / page).read_bytes()  # type: ignore[attr-defined]
