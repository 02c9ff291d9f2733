"""The pure part of the import: names, grouping, slugs, collisions, skips and the stubs."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.importer.approvals import Approvals, approvals_from_log
from generator.importer.examine import Skip, examine
from generator.importer.listing import ExistingRegistry, Listing, SourceFile, SourceFolder
from generator.importer.names import most_common, product_key, vendor_key
from generator.importer.plan import ImportPlan, make_plan
from generator.importer.records import https_url, vendor_stub
from generator.loading.problems import ReadProblem
from generator.loading.schemas import schema_problems
from generator.loading.yamlfile import parse_yaml
from generator.model.slugs import is_slug
from generator.model.versions import Version

RESULTS = ("README.md", "e2e.log", "junit_01.xml")


def product(vendor: str, name: str | None = "Kube", **more: str) -> str:
    fields = {"vendor": vendor, **({"name": name} if name is not None else {}), **more}
    return "".join(f"{k}: {v!r}\n" for k, v in fields.items())


def folder(
    where: str,
    text: str | None,
    files: tuple[str, ...] = RESULTS,
    product_file: str = "PRODUCT.yaml",
    extra: tuple[SourceFile, ...] = (),
) -> SourceFolder:
    version, name = where.split("/")
    listed = [SourceFile(f, "file", 100) for f in files]
    texts: dict[str, str | ReadProblem] = {}
    if text is not None:
        listed.append(SourceFile(product_file, "file", len(text)))
        texts[product_file] = text
    return SourceFolder(Version.parse(version), name, (*listed, *extra), texts)


def plan_of(
    *folders: SourceFolder,
    dates: dict[str, dt.date] | None = None,
    existing: ExistingRegistry | None = None,
) -> ImportPlan:
    return make_plan(
        Listing(folders, ()), Approvals(dates or {}, from_git=True), existing or ExistingRegistry()
    )


def targets(plan: ImportPlan) -> dict[str, str]:
    return {s.source: str(s.key) for s in plan.submissions}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("UCloud", "Ucloud"),
        ("Replicated, Inc.", "Replicated Inc"),
        ("taikun.cloud a.s", "Taikun.Cloud"),
        ("Morpheus Data, LLC", " morpheus data"),
        ("Example Co., Ltd.", "EXAMPLE"),
        ("Example S.A.", "Example SA"),
        ("Ravit Technologies Pvt. Ltd.", "Ravit Technologies"),
        ("Zeta Systems GmbH", "Zeta Systems"),
        ("Acme Corp.", "Acme Corporation"),
    ],
)
def test_spellings_of_one_vendor_normalise_alike(one: str, other: str) -> None:
    assert vendor_key(one) == vendor_key(other)


def test_normalisation_keeps_what_tells_vendors_apart() -> None:
    assert vendor_key("Inc") == "inc"  # a name that is only a legal form stays
    assert vendor_key("Open Telekom Cloud - OTC") == "open telekom cloud otc"
    assert vendor_key("Amazon Web Services") != vendor_key("Amazon")
    assert product_key("MSAP.ai") == product_key("msap ai") == "msap ai"
    assert product_key("Kube Inc") == "kube inc"  # products keep every word


def test_most_common_spelling_wins_and_ties_go_to_the_newest() -> None:
    assert most_common(["UCloud", "Ucloud", "UCloud"]) == "UCloud"
    assert most_common(["UCloud", "Ucloud"]) == "Ucloud"


def test_vendors_group_by_normalised_name_and_take_the_common_spelling() -> None:
    plan = plan_of(
        folder("v1.30/uk8s", product("UCloud", "UK8S")),
        folder("v1.31/uk8s", product("UCloud", "UK8S")),
        folder("v1.32/UK8S", product("Ucloud", "uk8s")),
    )
    assert set(targets(plan).values()) == {f"ucloud/uk8s/v1.{n}" for n in (30, 31, 32)}
    (vendor,) = plan.vendors
    assert vendor.name == "UCloud" and vendor.stub.spellings == ("UCloud", "Ucloud")
    assert [name for name, _ in vendor.stub.offerings] == ["UK8S"]  # one spelling, by case
    assert plan.products == 1


def test_slug_collisions_get_a_number_and_are_reported() -> None:
    plan = plan_of(
        folder("v1.30/a", product("Müller", "Kübe")),
        folder("v1.31/b", product("Muller", "Kube")),
        folder("v1.31/c", product("Müller", "Kube")),
    )
    assert targets(plan) == {
        "v1.30/a": "muller/kube/v1.30",
        "v1.31/b": "muller-2/kube/v1.31",
        "v1.31/c": "muller/kube-2/v1.31",
    }
    messages = [n.message for n in plan.notices]
    assert (
        "the vendor 'Muller' would be 'muller', which a vendor already has: it becomes "
        "'muller-2'" in messages
    )
    assert any("it becomes 'kube-2'" in m for m in messages)


def test_a_numbered_slug_stays_within_63_characters() -> None:
    long_name = "x" * 70
    plan = plan_of(
        folder("v1.30/a", product("Acme", long_name + " one")),
        folder("v1.30/b", product("Acme", long_name + " two!")),
        folder("v1.31/c", product("Acme", long_name + " One")),
    )
    assert all(is_slug(s.key.product) for s in plan.submissions)
    assert targets(plan) == {
        "v1.30/a": "acme/" + "x" * 63 + "/v1.30",
        "v1.30/b": "acme/" + "x" * 61 + "-2/v1.30",
        "v1.31/c": "acme/" + "x" * 63 + "/v1.31",
    }


def test_same_product_and_release_keeps_the_later_approval() -> None:
    plan = plan_of(
        folder("v1.30/kube", product("Acme")),
        folder("v1.30/kube-new", product("Acme")),
        dates={"v1.30/kube": dt.date(2024, 5, 2), "v1.30/kube-new": dt.date(2024, 4, 1)},
    )
    assert targets(plan) == {"v1.30/kube": "acme/kube/v1.30"}
    assert plan.skipped == (
        Skip(
            "v1.30/kube-new",
            "the same product and release as v1.30/kube, which is kept (approved later)",
        ),
    )
    assert plan.submissions[0].approved == dt.date(2024, 5, 2)


def test_a_product_without_name_is_named_after_its_folder() -> None:
    plan = plan_of(folder("v1.30/My Kube (Edge)", product("Acme", name=None)))
    assert targets(plan) == {"v1.30/My Kube (Edge)": "acme/my-kube-edge/v1.30"}
    assert [n.message for n in plan.notices] == ["PRODUCT.yaml has no name: named after the folder"]


@pytest.mark.parametrize(
    ("made", "reason"),
    [
        (folder("v1.30/x", None), "PRODUCT.yaml is missing"),
        (
            folder("v1.30/x", product("Acme"), files=("README.md", "e2e.log")),
            "junit_01.xml is missing",
        ),
        (
            folder("v1.30/x", "- a\n- list\n"),
            "PRODUCT.yaml is not a mapping of fields, so its vendor is unknown",
        ),
        (folder("v1.30/x", "name: Kube\n"), "PRODUCT.yaml names no vendor"),
        (folder("v1.30/x", "vendor: '...'\n"), "PRODUCT.yaml names no vendor"),
        (
            folder("v1.30/x", "vendor: [a\n"),
            "PRODUCT.yaml cannot be read at line 2 (not valid YAML: did not find expected ',' "
            "or ']'), so its vendor is unknown",
        ),
        (
            folder("v1.30/x", product("Acme"), extra=(SourceFile("product.yml", "file", 9),)),
            "it holds 2 copies of PRODUCT.yaml (PRODUCT.yaml, product.yml): keep one upstream",
        ),
        (
            folder(
                "v1.30/x",
                product("Acme"),
                files=("README.md", "e2e.log"),
                extra=(SourceFile("junit_01.xml", "symlink", 0),),
            ),
            "junit_01.xml is a symbolic link",
        ),
        (
            folder(
                "v1.30/x",
                product("Acme"),
                files=("README.md", "junit_01.xml"),
                extra=(SourceFile("e2e.log", "file", 0),),
            ),
            "e2e.log is empty",
        ),
        (
            folder(
                "v1.30/x",
                product("Acme"),
                files=(
                    "README.md",
                    "e2e.log",
                    "plugins/e2e/results/global/junit_01.xml",
                    "results/junit_01.xml",
                ),
            ),
            "junit_01.xml is not at the top of the folder but at results/junit_01.xml (and 1 more)",
        ),
    ],
)
def test_folders_that_cannot_be_imported_say_why(made: SourceFolder, reason: str) -> None:
    assert examine(made, None) == Skip("v1.30/x", reason)


def test_every_problem_of_a_folder_is_in_its_reason() -> None:
    made = folder("v1.30/x", None, files=("README.md",))
    skip = examine(made, None)
    assert isinstance(skip, Skip)
    assert skip.reason == "PRODUCT.yaml is missing; e2e.log is missing; junit_01.xml is missing"


def test_case_variants_are_carried_under_the_canonical_names() -> None:
    made = folder(
        "v1.30/x",
        product("Acme"),
        files=("readme.md", "e2e.log", "junit_01.xml"),
        product_file="PRODUCT.YML",
    )
    plan = plan_of(made)
    renamed = {(c.source, c.target) for c in plan.submissions[0].carries if c.renamed}
    assert renamed == {("PRODUCT.YML", "PRODUCT.yaml"), ("readme.md", "README.md")}


def test_existing_registry_is_matched_never_overwritten() -> None:
    existing = ExistingRegistry(
        vendors={"acme": "Acme, Inc.", "zeta": "Zeta Rockets", "lost": None},
        products={("acme", "kube"): "Kube", ("acme", "edge"): None},
        submissions=frozenset({"acme/kube/v1.30"}),
    )
    plan = plan_of(
        folder("v1.30/kube", product("ACME Inc")),
        folder("v1.31/kube", product("ACME Inc")),
        folder("v1.31/edge", product("Acme", "Edge")),
        folder("v1.31/zeta", product("Zeta")),
        folder("v1.31/lost", product("Lost")),
        existing=existing,
    )
    assert targets(plan) == {
        "v1.31/kube": "acme/kube/v1.31",
        "v1.31/edge": "acme/edge-2/v1.31",
        "v1.31/zeta": "zeta-2/kube/v1.31",
        "v1.31/lost": "lost-2/kube/v1.31",
    }
    assert plan.skipped == (
        Skip("v1.30/kube", "data/vendors/acme/kube/v1.30 is in the registry already"),
    )
    assert [v.slug for v in plan.vendors if v.existing] == ["acme"]


def test_https_urls_for_the_stub() -> None:
    assert https_url("http://www.inspur.com/a b") is None
    assert https_url(" http://www.inspur.com/x ") == "https://www.inspur.com/x"
    assert https_url("https://taikun.cloud") == "https://taikun.cloud"
    assert https_url("ftp://example.org/") is None
    assert https_url("https://localhost/") is None
    assert https_url(None) is None


def test_stub_text_is_a_valid_vendor_record_whatever_the_names() -> None:
    name = 'O\'Brien & "Söhne": Kube #1\nGmbH'
    stub = vendor_stub(
        name,
        [name, "o'brien"],
        [
            (
                'Kube: the "first"',
                {"website_url": "http://kube.example/", "contact_email_address": "a@kube.example"},
            ),
            ('kube:  the "FIRST"', {"contact_email_address": "not an address"}),
            ("Edge", {"website_url": 5, "contact_email_address": "b@kube.example "}),
        ],
    )
    doc = parse_yaml(stub.text())
    assert doc.ok and schema_problems("vendor", doc.data, doc.lines) == []
    assert doc.data["name"] == name
    assert doc.data["website_url"] == "https://kube.example/"
    assert doc.data["offerings"] == [
        {"name": "Edge", "website_url": "https://kube.example/"},
        {"name": 'kube:  the "FIRST"', "website_url": "https://kube.example/"},
    ]
    assert [c["email"] for c in doc.data["contacts"]] == ["b@kube.example", "a@kube.example"]
    assert doc.data["status"] == "awaiting-review"
    assert doc.data["participation_form_signed"] is None
    assert all(line.startswith("#") for line in stub.text().splitlines()[:5])


def test_approval_dates_come_from_the_first_commit_adding_a_folder() -> None:
    log = (
        b"\x01aaa 1551700800\x00\nA\x00v1.13/alpha/PRODUCT.yaml\x00A\x00v1.13/alpha/e2e.log\x00"
        b"A\x00README.md\x00"
        b"\x01bbb 1559347200\x00\nA\x00v1.13/alpha/notes.txt\x00A\x00v1.14/My Kube (1)/PRODUCT.yml\x00"
        b"M\x00v1.12/gamma/README.md\x00"
        b"\x01ccc 1560000000\x00"
        b"\x01ddd 1562000000\x00\nA\x00v1.15/beta/e2e.log\x00"
    )
    found = approvals_from_log(log, shallow=frozenset({"ddd"}))
    assert found.dates == {
        "v1.13/alpha": dt.date(2019, 3, 4),
        "v1.14/My Kube (1)": dt.date(2019, 6, 1),
    }
    assert found.note is not None and "shallow clone, so 1 submission folders" in found.note
