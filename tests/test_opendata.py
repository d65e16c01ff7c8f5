"""Open data of the built site: every JSON file against its published JSON Schema (jsonschema),
every CSV against its JSON record for record (Python's csv reader), the DCAT catalogue against
the files on disk, and the /du-lieu/ page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from cchc.opendata import DATASETS
from tests.support.portal import DOC, NEWS

BASE = "https://cchc.example.gov.vn/"
SMALL_BASE = "https://example.gov.vn/cchc/"


def local(url: str, site: Path, base: str = BASE) -> Path:
    assert url.startswith(base), url
    rel = url[len(base):].partition("#")[0]
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def open_data_files(site: Path) -> set[Path]:
    """The published files; not the .gz/.br copies made for web servers (cchc.compress)."""
    return {p for p in (site / "api").rglob("*")
            if p.is_file() and p.suffix not in (".gz", ".br")}


def test_every_json_file_validates_against_its_published_schema(demo_site: Path):
    schemas = sorted((demo_site / "du-lieu/schema").glob("*.schema.json"))
    assert [s.name for s in schemas] == ["agencies.schema.json", "documents.schema.json",
                                         "index.schema.json", "news.schema.json",
                                         "tasks.schema.json"]
    registry: Registry = Registry()
    for path in schemas:
        schema = load(path)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == BASE + path.relative_to(demo_site).as_posix()
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    files = sorted(p for p in open_data_files(demo_site) if p.suffix == ".json")
    assert len(files) >= 4 + 3 * 3
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert {"date", "date-time", "uri"} <= set(checker.checkers)  # formats are checked
    for path in files:
        data = load(path)
        schema = registry.contents(data["$schema"])
        validator = jsonschema.Draft202012Validator(schema, registry=registry,
                                                    format_checker=checker)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(data)]
        assert errors == [], path
        assert data["version"] == "1.0"
        assert data["licence"] == {"id": "CC-BY-4.0",
                                   "name": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
                                   "url": "https://creativecommons.org/licenses/by/4.0/deed.vi"}
        assert data["publisher"] == {"name": "Bộ Nội vụ", "url": BASE, "agency": "bo-noi-vu"}


def test_a_record_that_breaks_its_schema_is_caught(demo_site: Path):
    schema = load(demo_site / "du-lieu/schema/documents.schema.json")
    data = load(demo_site / "api/documents/2024.json")
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert not list(validator.iter_errors(data))
    data["records"][0]["issued"] = "24/04/2013"
    data["records"][0]["kind"] = "cong-dien"
    data["records"][0]["extra"] = 1
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "is not a 'date'" in messages and "'cong-dien' is not one of" in messages
    assert "Additional properties are not allowed" in messages


def test_large_collections_are_split_by_year_with_an_index(demo_site: Path):
    for name in ("news", "documents", "tasks"):
        index = load(demo_site / f"api/{name}.json")
        years = [r["year"] for r in index["records"]]
        assert years == sorted(years, reverse=True) and years
        on_disk = sorted(int(p.stem) for p in (demo_site / f"api/{name}").glob("*.json"))
        assert sorted(years) == on_disk
        for part in index["records"]:
            data = load(local(part["json"], demo_site))
            assert len(data["records"]) == part["count"]
            assert local(part["csv"], demo_site).is_file()
            assert data["generated"] == part["generated"]
            assert all(str(part["year"]) in str(r.get("year", r.get("date"))) for r in
                       data["records"])
        assert index["generated"] == max(r["generated"] for r in index["records"] if r["generated"])
    documents = load(demo_site / "api/documents/2024.json")["records"]
    report = next(d for d in documents if d["period"] == "Quý I/2024")
    assert report["issued"] is None and report["date"] == "2024-03-31"
    # A file is dated by its newest record (the report's date is the end of its period).
    assert load(demo_site / "api/documents/2024.json")["generated"] == max(
        d["date"] for d in documents if d["date"])
    agencies = load(demo_site / "api/agencies.json")
    # The agency list has no dates of its own: it is dated by the newest content of the portal.
    newest = max(load(demo_site / f"api/{name}.json")["generated"] for name in ("news", "documents"))
    assert len(agencies["records"]) > 20 and agencies["generated"] == newest


def expected_cell(value: Any) -> str:
    """How the data page says a JSON value is written in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = "; ".join(expected_cell(v) for v in value if v is not None)
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = str(value)
    return "'" + text if text[:1] in "=+-@" and text and not isinstance(value, int) else text


def at(record: Any, path: str) -> Any:
    if "[]." in path:
        head, rest = path.split("[].", 1)
        return [at(x, rest) for x in record[head]]
    for key in path.split("."):
        record = None if record is None else record[key]
    return record


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_equals_json_record_for_record(demo_site: Path):
    columns = {ds.id: ds.columns for ds in DATASETS}
    pairs = [(p, p.with_suffix(".json")) for p in open_data_files(demo_site) if p.suffix == ".csv"]
    assert {p.parent.name if p.parent.name != "api" else p.stem for p, _ in pairs} == \
        {"news", "documents", "tasks", "agencies"}
    for csv_path, json_path in pairs:
        dataset = csv_path.parent.name if csv_path.parent.name != "api" else csv_path.stem
        rows = read_csv(csv_path)
        recs = load(json_path)["records"]
        assert [r["id"] for r in rows] == [r["id"] for r in recs], csv_path
        assert list(rows[0]) == [c.name for c in columns[dataset]]
        for row, rec in zip(rows, recs, strict=True):
            for column in columns[dataset]:
                assert row[column.name] == expected_cell(at(rec, column.path)), \
                    (csv_path, rec["id"], column.name)
    tasks = read_csv(demo_site / "api/tasks/2024.csv")
    assert any(t["support"].count(";") for t in tasks), "lists are joined with '; '"


def test_catalogue_lists_every_dataset_and_file_on_disk_and_nothing_else(demo_site: Path):
    catalog = load(demo_site / "du-lieu/catalog.json")
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert [d["title"].split(" — ")[0] for d in catalog["dataset"]] == \
        ["Tin bài", "Văn bản", "Nhiệm vụ", "Cơ quan"]
    listed = set()
    for ds in catalog["dataset"]:
        assert ds["@type"] == "dcat:Dataset"
        # the fields Project Open Data v1.1 requires of a non-federal dataset
        for key in ("title", "description", "keyword", "modified", "publisher", "contactPoint",
                    "identifier", "accessLevel", "distribution"):
            assert ds[key], key
        assert ds["accessLevel"] == "public" and ds["publisher"]["@type"] == "org:Organization"
        assert ds["license"] == "https://creativecommons.org/licenses/by/4.0/deed.vi"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ds["modified"])
        assert local(ds["describedBy"], demo_site).is_file()
        for dist in ds["distribution"]:
            assert dist["@type"] == "dcat:Distribution"
            assert dist["mediaType"] in ("application/json", "text/csv")
            assert dist["format"] == {"application/json": "JSON", "text/csv": "CSV"}[
                dist["mediaType"]]
            assert local(dist["describedBy"], demo_site).is_file()
            path = local(dist["downloadURL"], demo_site)
            assert path.is_file(), dist["downloadURL"]
            assert path not in listed
            listed.add(path)
    assert listed == open_data_files(demo_site)


def test_data_page_lists_every_file_feed_and_field(demo_site: Path):
    html = (demo_site / "du-lieu/index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="([^"#]+)"', html))
    page = demo_site / "du-lieu"
    linked = {(page / h).resolve() for h in hrefs if not h.startswith("http")}
    assert open_data_files(demo_site) <= linked
    assert set((demo_site / "du-lieu/schema").glob("*.json")) <= linked
    assert {*demo_site.rglob("feed.xml"), demo_site / "atom.xml",
            demo_site / "feeds.opml", demo_site / "du-lieu/catalog.json"} <= linked
    assert "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)" in html
    assert 'rel="license"' in html
    for ds in DATASETS:
        section = html.split(f'<h2 id="{ds.anchor}">', 1)[1].split("<h2 ", 1)[0]
        fields = set(re.findall(r"<th scope=\"row\"><code>([^<]+)</code>", section))
        first = sorted((demo_site / "api" / ds.id).glob("*.json"))[0] if ds.by_year else \
            demo_site / f"api/{ds.id}.json"
        record = load(first)["records"][0]
        assert set(record) <= fields, ds.id
        assert {c.name for c in ds.columns} <= set(re.findall(r"<td><code>([^<]+)</code>",
                                                              section))
    assert re.search(r"<caption[^>]*>", html) and 'scope="col"' in html


def test_existing_api_paths_still_work(demo_site: Path):
    """SPEC §5: /api/documents.json, /api/news.json, /api/agencies.json stay — as the indexes
    of the year files (news, documents) and the whole list (agencies), each under 5 MB."""
    for name in ("documents", "news", "agencies"):
        path = demo_site / f"api/{name}.json"
        assert path.stat().st_size < 5_000_000
        data = load(path)
        assert data["$schema"].endswith(".schema.json") and data["records"]


@pytest.fixture
def licensed(project):
    def make(licence: str):
        p = project({"plans/2024/a.md": DOC, "content/tin-tuc/2024/a.md": NEWS})
        config = p.root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "plans_dir: plans", f"plans_dir: plans\n      data_licence: {licence}"),
            encoding="utf-8")
        p.cchc("build", "--today", "2024-06-30", check=True)
        return p.root / "site"
    return make


def test_licence_is_a_plugin_option_shown_on_the_page_and_in_each_file(licensed):
    site = licensed("CC0-1.0")
    files = [p for p in open_data_files(site) if p.suffix == ".json"]
    assert files
    for path in files:
        assert load(path)["licence"]["id"] == "CC0-1.0"
    catalog = load(site / "du-lieu/catalog.json")
    assert {d["license"] for d in catalog["dataset"]} == {
        "https://creativecommons.org/publicdomain/zero/1.0/deed.vi"}
    html = (site / "du-lieu/index.html").read_text(encoding="utf-8")
    assert "CC0 1.0 Phổ quát" in html
    assert load(site / "api/agencies.json")["publisher"] == {
        "name": "Ủy ban nhân dân tỉnh A", "url": SMALL_BASE, "agency": "ubnd-tinh-a"}


def test_a_licence_given_by_url_or_name(licensed):
    site = licensed("https://example.gov.vn/giay-phep-du-lieu")
    assert load(site / "api/news.json")["licence"] == {
        "id": None, "name": "https://example.gov.vn/giay-phep-du-lieu",
        "url": "https://example.gov.vn/giay-phep-du-lieu"}


def test_a_portal_without_documents_publishes_empty_indexes(project):
    p = project({"content/tin-tuc/2024/a.md": NEWS})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    assert load(site / "api/documents.json")["records"] == []
    assert not (site / "api/documents").exists()
    catalog = load(site / "du-lieu/catalog.json")
    documents = next(d for d in catalog["dataset"] if d["title"].startswith("Văn bản"))
    assert [d["downloadURL"] for d in documents["distribution"]] == [
        SMALL_BASE + "api/documents.json"]
    assert "Chưa có dữ liệu." in (site / "du-lieu/index.html").read_text(encoding="utf-8")


def test_a_year_larger_than_a_file_is_split_into_parts(project, monkeypatch):
    """More than `part_size` records in a year: 2024.json, 2024-2.json…, each listed in the
    index and valid, so that no file grows with the portal."""
    import dataclasses

    from cchc import opendata, settings
    from cchc.project import load_portal

    files = {f"content/tin-tuc/2024/t{i}.md": NEWS.replace(
        "Xã C đẩy mạnh", f"Tin số {i} — xã C đẩy mạnh").replace("2024-03-28", f"2024-03-{i + 10}")
        for i in range(5)}
    p = project(files)
    monkeypatch.setattr(opendata, "DATASETS", tuple(
        dataclasses.replace(ds, part_size=2) if ds.id == "news" else ds
        for ds in opendata.DATASETS))
    portal = load_portal(settings.read(p.root, today="2024-06-30"))
    site = portal.site
    assert site is not None, [d.format_text() for d in portal.report.sorted()]
    site.convert_all()
    out = {path: produce() for path, produce in opendata.files(site).items()}
    index = json.loads(out["api/news.json"])
    assert [(r["year"], r["part"], r["count"]) for r in index["records"]] == [
        (2024, 1, 2), (2024, 2, 2), (2024, 3, 1)]  # 5 records, at most 2 a file
    assert [r["json"] for r in index["records"]] == [
        SMALL_BASE + f"api/news/{name}.json" for name in ("2024", "2024-2", "2024-3")]
    schema = json.loads(out["du-lieu/schema/news.schema.json"])
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    titles = []
    for name in ("2024", "2024-2", "2024-3"):
        data = json.loads(out[f"api/news/{name}.json"])
        assert not list(validator.iter_errors(data))
        titles += [r["title"] for r in data["records"]]
        assert f"api/news/{name}.csv" in out
    assert titles == [f"Tin số {i} — xã C đẩy mạnh tuyên truyền cải cách hành chính"
                      for i in (4, 3, 2, 1, 0)]  # newest first, each record once
    catalog = opendata.dcat(site)
    news = catalog["dataset"][0]
    assert len(news["distribution"]) == 1 + 3 * 2
    assert news["distribution"][3]["title"] == "Tin bài năm 2024, phần 2 (JSON)"
