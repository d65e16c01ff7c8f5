"""The `cchc` command: validate, build, serve, report (SPEC §6).

This is a boundary: it prints diagnostics and maps them to exit codes (0 ok, 1 errors,
2 usage). MkDocs is imported only by the commands that build.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__, deploy, importer, scaffold, schemas
from . import settings as settings_mod
from .cli_vi import HOW_TO_VIEW_SITE, WELCOME, Parser
from .diagnostics import render, summary
from .project import load_portal
from .schema import YEAR_MAX, YEAR_MIN
from .settings import find_root

FORMATS = ("text", "json", "github")


def _date(value: str) -> str:
    """`--today`: a date written as in content files (one rule, `scaffold.parse_date`)."""
    try:
        scaffold.parse_date(value)
    except scaffold.ScaffoldError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _print_diagnostics(items: list, fmt: str) -> None:
    if fmt == "json":
        print(render(items, "json"))
        return
    if items:
        print(render(items, fmt), file=sys.stderr if fmt == "text" else sys.stdout)
    if fmt == "text":
        print(summary(items), file=sys.stderr)


_STAGES = {"load": "Đọc tệp", "validate": "Kiểm tra", "render": "Tạo trang"}


def _progress() -> Callable[[str, int, int], None] | None:
    """A progress bar on stderr when it is a terminal; nothing in CI or when redirected."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    shown: dict[str, str] = {"stage": ""}
    at = [0.0]

    def draw(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and stage == shown["stage"] and now - at[0] < 0.1:
            return
        shown["stage"], at[0] = stage, now
        filled = 30 * done // max(total, 1)
        bar = "█" * filled + "·" * (30 - filled)
        end = "\r\033[K" if done >= total else ""  # a finished stage leaves no trace
        sys.stderr.write(f"\r{_STAGES.get(stage, stage):<10} {bar} {done}/{total}{end}")
        sys.stderr.flush()

    return draw


def cmd_validate(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd())
    portal = load_portal(settings_mod.read(root), _progress())
    items = portal.report.sorted()
    _print_diagnostics(items, args.format)
    return 1 if portal.report.errors else 0


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "cchc"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
        logger.propagate = False


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then write the site with the core (no MkDocs): staged, then swapped in."""
    from . import bodystore, build, fingerprint, pagecache, theme
    from .publish import Staging

    root = find_root(Path.cwd())
    _setup_logging(args.verbose)
    # The site folder is the one compared with (pages an edit moved, `cchc.moved`).
    settings = settings_mod.read(root, today=args.today,
                                 site_dir=Path(args.site_dir).resolve() if args.site_dir else None)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else settings.site_path
    tools = fingerprint.tooling(settings, settings.today)
    inputs = fingerprint.of(settings, site_dir, tools)
    if not args.clean and fingerprint.unchanged(root, site_dir, inputs):
        print(f"Nội dung, giao diện và cấu hình không thay đổi từ lần xây dựng trước: giữ "
              f"nguyên trang trong {site_dir} (muốn xây dựng lại từ đầu: cchc build --clean).",
              file=sys.stderr)
        return 0
    progress = _progress()
    # Bodies an earlier build converted: only edited ones convert again (`--clean`: all do).
    store_key = bodystore.key(settings)
    bodies = {} if args.clean else bodystore.load(settings, store_key)
    portal = load_portal(settings, progress, bodies=bodies)
    if not portal.ok:
        _print_diagnostics(portal.report.sorted(), "text")
        print("Không xây dựng trang vì nội dung có lỗi; thư mục trang cũ được giữ nguyên.",
              file=sys.stderr)
        return 1
    assert portal.site is not None and portal.plan is not None
    staging = Staging(site_dir, on_wait=lambda: print(
        "Đang chờ lần xây dựng khác (cùng thư mục trang) kết thúc…", file=sys.stderr))
    path = staging.open()
    # Pages the last build wrote into `site_dir`: only those whose inputs changed render again.
    pages_key = pagecache.key(settings, tools)
    cache = pagecache.PageCache(portal.site, pagecache.Store() if args.clean else
                                pagecache.load(settings, pages_key, site_dir), clean=args.clean)
    compiled = None if args.clean else theme.compiled_dir(settings)
    try:
        written = build.write_site(portal.site, portal.plan,
                                   theme.native_renderer(portal.site, cache.trace, compiled),
                                   path,
                                   progress=progress, workdir=staging.search_dir, cache=cache)
    except build.BuildFailed as exc:
        staging.discard()
        print(f"Xây dựng thất bại: {exc}\nThư mục trang cũ được giữ nguyên.", file=sys.stderr)
        return 1
    except BaseException:
        staging.discard()
        raise

    def remember() -> None:  # while the old site is removed
        fingerprint.remember(root, site_dir, inputs)
        bodystore.save(settings, store_key, bodies)  # the build kept in `bodies` what it used
        pagecache.save(settings, pages_key, cache.store, written.entries, written.searched,
                       written.words, written.folded)

    staging.commit(then=remember)
    if portal.report.items:
        _print_diagnostics(portal.report.sorted(), "text")
    pages = f"{written.pages} trang"
    if written.reused:
        pages += f", {written.reused} trang không đổi lấy lại từ lần trước"
    indexed = f", chỉ mục tìm kiếm {written.search.pages} trang" if written.search else ""
    if written.search and written.search.reused:
        indexed += (f" ({written.search.reused}/{written.search.shards} phần không đổi lấy "
                    "lại từ lần trước)")
    print(f"Đã xây dựng trang vào {site_dir} ({pages}{indexed}).", file=sys.stderr)
    print(HOW_TO_VIEW_SITE.format(site_dir=site_dir), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    root = find_root(Path.cwd())
    if args.today:
        os.environ["CCHC_TODAY"] = args.today
    _setup_logging(args.verbose)
    if not args.verbose:  # progress lines in Vietnamese; MkDocs' other chatter hidden
        from .serve import ServeMessages

        logging.getLogger("mkdocs").setLevel(logging.INFO)
        logging.getLogger("mkdocs").handlers[0].addFilter(ServeMessages())
    from .serve import port_problem

    if problem := port_problem(args.dev_addr):
        print(f"lỗi: {problem}", file=sys.stderr)
        return 1
    os.chdir(root)
    serve(str(root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .periods import Period, parse_period
    from .report import report_table, royalty_report, scoring_report, to_csv, to_markdown, to_xlsx

    root = find_root(Path.cwd())
    settings = settings_mod.read(root, today=args.today)
    period = Period("year", args.year)
    if args.period:
        parsed = parse_period(args.period)
        if parsed is None or parsed.year != args.year:
            print(f"Kỳ `{args.period}` không đúng dạng hoặc không thuộc năm {args.year}: ghi "
                  f"`Quý I/{args.year}`, `Tháng 3/{args.year}`, `6 tháng/{args.year}`…",
                  file=sys.stderr)
            return 2
        period = parsed
    if args.format == "xlsx" and not args.output and sys.stdout.isatty():
        print("Bảng tính xlsx không in ra màn hình được: thêm `-o bao-cao.xlsx`.", file=sys.stderr)
        return 2
    portal = load_portal(settings)
    if not portal.ok:
        _print_diagnostics(portal.report.sorted(), "text")
        print("Không lập báo cáo vì nội dung có lỗi.", file=sys.stderr)
        return 1
    assert portal.catalog is not None
    if args.agency and args.agency not in portal.catalog.agencies:
        import difflib

        close = difflib.get_close_matches(args.agency, list(portal.catalog.agencies), n=3)
        hint = (f" Có phải: {', '.join(close)}?" if close
                else " Dùng mã (id) của cơ quan như ghi trong tệp đó.")
        print(f"Không có cơ quan mã `{args.agency}` trong {settings.docs_dir}/agencies.yml.{hint}",
              file=sys.stderr)
        return 2
    if args.kind == "nhuan-but":
        if portal.royalties is None:
            print("Chuyên trang chưa có bảng nhuận bút: tạo tệp `nhuan-but.yml` cạnh mkdocs.yml "
                  "(xem hướng dẫn biên tập, mục Nhuận bút).", file=sys.stderr)
            return 2
        data = royalty_report(portal.catalog, portal.royalties, period, args.agency,
                              today=settings.today, base_url=settings.base_url)
    elif args.kind == "cham-diem":
        data = scoring_report(portal.catalog, args.year, args.agency, today=settings.today,
                              base_url=settings.base_url, rules=portal.scoring)
    else:
        data = report_table(portal.catalog, args.year, args.agency, today=settings.today,
                            base_url=settings.base_url)
    if args.format == "xlsx":
        out = to_xlsx(data)
    else:
        out = to_csv(data) if args.format == "csv" else to_markdown(data).encode("utf-8")
    if args.output:
        Path(args.output).write_bytes(out)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    return 0


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="cchc",
               description="Chuyên trang cải cách hành chính: tạo, kiểm tra, xem trước và xây "
               "dựng nội dung.",
               epilog="Hướng dẫn một lệnh: cchc LỆNH --help. Hướng dẫn biên tập: "
               "content/huong-dan-bien-tap.md.")
    p.add_argument("--version", action="version", version=f"cchc {__version__}",
                   help="xem số phiên bản rồi thoát")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")

    v = sub.add_parser("validate", help="kiểm tra toàn bộ nội dung",
                       description="Kiểm tra mọi tin bài, văn bản và danh mục cơ quan; mỗi vấn "
                       "đề ghi tệp, dòng, cột, mã lỗi và cách sửa. Mã thoát: 0 không có lỗi, "
                       "1 có lỗi, 2 dùng sai lệnh.")
    v.add_argument("--format", choices=FORMATS, default="text", metavar="DẠNG",
                   help="dạng thông báo: text (đọc trên màn hình, mặc định), json (cho chương "
                   "trình khác), github (ghi chú trên pull request)")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="kiểm tra rồi xây dựng trang tĩnh",
                       description="Kiểm tra nội dung rồi xây dựng toàn bộ trang vào thư mục "
                       "site/. Khi nội dung có lỗi, không xây dựng gì và giữ nguyên trang cũ.")
    b.add_argument("--site-dir", metavar="THƯ_MỤC",
                   help="thư mục xuất (mặc định: site_dir trong mkdocs.yml)")
    b.add_argument("--today", type=_date, metavar="NGÀY",
                   help="cố định ngày hiện tại (YYYY-MM-DD), để hai lần xây dựng cho cùng kết quả")
    b.add_argument("--clean", action="store_true",
                   help="xây dựng lại từ đầu (không dùng bộ nhớ đệm .cchc-cache/), kể cả khi nội "
                        "dung không thay đổi từ lần trước")
    b.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin khi xây dựng")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="xem trước, tự xây dựng lại khi nội dung thay đổi",
                       description="Xem trước chuyên trang tại http://127.0.0.1:8000/; trang "
                       "tự tải lại mỗi khi lưu tệp. Khi có lỗi, mọi trang hiện danh sách lỗi.")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ:CỔNG",
                   help="địa chỉ và cổng (mặc định 127.0.0.1:8000)")
    s.add_argument("--today", type=_date, metavar="NGÀY",
                   help="cố định ngày hiện tại (YYYY-MM-DD)")
    s.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin")
    s.set_defaults(func=cmd_serve)

    r = sub.add_parser("report", help="báo cáo tiến độ, chấm điểm CCHC, nhuận bút",
                       description="Báo cáo của một năm kế hoạch: tiến độ chỉ tiêu và nhiệm vụ "
                       "(tien-do), tiêu chí tuyên truyền của chỉ số CCHC với tài liệu kiểm chứng "
                       "(cham-diem), nhuận bút theo tác giả (nhuan-but).")
    r.add_argument("--year", type=_year, required=True, metavar="NĂM",
                   help="năm của kế hoạch (YYYY)")
    r.add_argument("--agency", metavar="MÃ_CƠ_QUAN", help="chỉ cơ quan này")
    r.add_argument("--kind", choices=("tien-do", "cham-diem", "nhuan-but"), default="tien-do",
                   metavar="LOẠI",
                   help="tien-do (mặc định): tiến độ chỉ tiêu và nhiệm vụ; cham-diem: tiêu chí "
                   "tuyên truyền của chỉ số CCHC với tài liệu kiểm chứng; nhuan-but: nhuận bút "
                   "theo tác giả")
    r.add_argument("--period", metavar="KỲ", help="với nhuan-but: kỳ trong năm (Quý I/2024, "
                   "Tháng 3/2024, 6 tháng/2024); mặc định cả năm")
    r.add_argument("--format", choices=("md", "csv", "xlsx"), default="md", metavar="DẠNG",
                   help="md (Markdown, mặc định), csv (dấu ; phân cách, mở thẳng bằng Excel "
                   "tiếng Việt) hoặc xlsx")
    r.add_argument("--today", type=_date, metavar="NGÀY",
                   help="cố định ngày hiện tại (YYYY-MM-DD)")
    r.add_argument("-o", "--output", metavar="TỆP", help="ghi vào tệp thay vì ra màn hình")
    r.set_defaults(func=cmd_report)

    scaffold.add_parser(sub)
    schemas.add_parser(sub)
    deploy.add_parser(sub)
    importer.add_parser(sub)
    return p


def _year(value: str) -> int:
    if value.strip().isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX:
        return int(value)
    raise argparse.ArgumentTypeError(f"năm `{value}` phải là bốn chữ số, từ {YEAR_MIN} đến "
                                     f"{YEAR_MAX}")


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if getattr(args, "func", None) is None:  # `cchc` alone: what to do next
        print(WELCOME, end="")
        return 0
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
