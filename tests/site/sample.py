"""A small registry built in Python: every state, and a vendor who writes hostile strings."""

from __future__ import annotations

from datetime import date

from generator.model.program import ExpiryRule, Level, Program, Release
from generator.model.registry import (
    Certification,
    Contact,
    Offering,
    Product,
    ProductInfo,
    Registry,
    Revocation,
    SubmissionKey,
    Vendor,
)
from generator.model.versions import Version

DAY = date(2026, 11, 27)
BASE_URL = "https://registry.example.org/"
RLO = "\u202e"

HOSTILE_README = """# Reproduce <script>alert("readme")</script>

Run [the log](e2e.log), [outside](../../../../../etc/passwd), [js](javascript:alert(1)),
[data](data:text/html,<script>alert(1)</script>), [docs](https://docs.example.com/run).

<img src="https://tracker.example.com/pixel.png" onerror="alert(1)">
<iframe src="https://evil.example.com/"></iframe>
<div style="position:fixed;top:0;left:0;width:100%;height:100%">covering</div>
<a href="https://example.com/" onclick="alert(1)" class="state state-active">click</a>
"""


def program() -> Program:
    releases = (
        ("v1.33", date(2025, 4, 23)),
        ("v1.34", date(2025, 8, 27)),
        ("v1.35", date(2025, 12, 17)),
        ("v1.36", date(2026, 4, 22)),
        ("v1.37", date(2026, 8, 26)),
    )
    return Program(
        name="Certified Kubernetes",
        short_name="Certified Kubernetes",
        description="Conformance certification for Kubernetes products.",
        sample=True,
        base_url=BASE_URL,
        repository_url="https://github.com/example/registry",
        evidence_url="https://github.com/example/registry/blob/main/{path}",
        releases=tuple(Release(Version.parse(v), d) for v, d in releases),
        certifiable_versions=3,
        expiry=ExpiryRule(),
        warning_days=60,
        product_types=("distribution", "hosted platform", "installer"),
        requirements_url="https://example.org/{version}/conformance.yaml",
        single_commit_level=Level.ERROR,
    )


def info(vendor: str, name: str, kind: str = "distribution", **extra: str) -> ProductInfo:
    fields = {
        "vendor": vendor,
        "name": name,
        "version": "1.0",
        "type": kind,
        "description": f"{name} runs Kubernetes.",
        "website_url": "https://example.com/",
        "documentation_url": "https://example.com/docs",
        "contact_email_address": "team@example.com",
    }
    fields.update(extra)
    return ProductInfo(**fields)  # type: ignore[arg-type]


def cert(
    prog: Program,
    key: str,
    product_info: ProductInfo,
    certified: date | None,
    revoked: tuple[date, str] | None = None,
    readme: str = "# How to reproduce\n\nRun `sonobuoy run`.\n",
) -> Certification:
    vendor, product, version = key.split("/")
    skey = SubmissionKey(vendor, product, Version.parse(version))
    expiry = prog.expiry_of(skey.version)
    assert expiry is not None
    return Certification(
        key=skey,
        info=product_info,
        certified_on=certified,
        expires_on=expiry.on,
        provisional=expiry.provisional,
        tests_passed=441,
        tests_required=441,
        revocation=Revocation(skey, *revoked) if revoked else None,
        readme=readme,
    )


def vendor(slug: str, name: str, *products: str) -> Vendor:
    return Vendor(
        slug=slug,
        name=name,
        website_url=f"https://{slug}.example.com/",
        form_signed=date(2025, 1, 15),
        membership="member",
        offerings=tuple(Offering(p, "https://example.com/") for p in products),
        contacts=(Contact("Certification team", f"conformance@{slug}.example.com"),),
    )


def registry() -> Registry:
    prog = program()
    acme = info("Acme, Inc.", "Acme Kube")
    edge = info("Acme, Inc.", "Acme Kube Edge")
    engine = info("Nimbus Cloud GmbH", "Nimbus Engine", "hosted platform")
    fleet = info("Nimbus Cloud GmbH", "Nimbus Fleet", "installer")
    evil = info(
        "Shady Ltd",
        f'Evil <script>alert("name")</script> {RLO}exe.txt',
        description='"><img src=x onerror=alert(1)> description',
        website_url="javascript:alert(1)",
        documentation_url="http://insecure.example.com/",
        repo_url="https://github.com/shady/evil",
        product_logo_url="https://cdn.example.com/logo.svg",
    )
    products = (
        Product("acme", "kube", (
            cert(prog, "acme/kube/v1.35", acme, date(2026, 1, 5)),
            cert(prog, "acme/kube/v1.36", acme, date(2026, 5, 10)),
            cert(prog, "acme/kube/v1.37", acme, date(2026, 9, 15)),
        )),
        Product("acme", "kube-edge", (cert(prog, "acme/kube-edge/v1.35", edge, date(2026, 1, 20)),)),
        Product("nimbus", "engine", (cert(prog, "nimbus/engine/v1.33", engine, date(2025, 5, 10)),)),
        Product("nimbus", "fleet", (
            cert(prog, "nimbus/fleet/v1.36", fleet, date(2026, 6, 1),
                 revoked=(date(2026, 10, 1), "The results were not reproducible.")),
        )),
        Product("shady", "evil-dist", (
            cert(prog, "shady/evil-dist/v1.37", evil, date(2026, 10, 1), readme=HOSTILE_README),
        )),
    )  # fmt: skip
    vendors = (
        vendor("acme", "Acme, Inc.", "Acme Kube", "Acme Kube Edge"),
        vendor("nimbus", "Nimbus Cloud GmbH", "Nimbus Engine", "Nimbus Fleet"),
        vendor("shady", f"Shady {RLO}Ltd"),
    )
    return Registry(prog, vendors, products)
