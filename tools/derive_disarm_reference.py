"""Derive compact DISARM reference tables (ids, short names, assignments, ranks) from source."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "reference" / "disarm"
DEFAULT_OUT = REPO_ROOT / "data" / "reference"
BUNDLE_NAME = "DISARM_v1_red_stix21_bundle.json"

TECHNIQUE_ID = re.compile(r"^T\d{4}(\.\d{3})?$")
COUNTER_ID = re.compile(r"^C\d{5}$")
TACTIC_PREFIX = re.compile(r"^(TA\d{2})\b")
RESPONSE_TYPE_PREFIX = re.compile(r"^(D\d{2})\b")
METATECHNIQUE_ID = re.compile(r"\bM\d{3}\b")
CHANGE_NOTE_VERSION = re.compile(r"\bV(\d+(?:\.\d+)*)\b", re.IGNORECASE)

Row = list[str]
Table = tuple[Row, list[Row]]


class DerivationError(Exception):
    """The source files disagree with each other or with the expected shape."""


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read one exported workbook sheet as a list of dicts (values stripped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key.strip(): (value or "").strip() for key, value in row.items() if key is not None}
            for row in csv.DictReader(handle)
        ]


def load_bundle(path: Path) -> dict:
    """Load the STIX 2.1 bundle."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def external_id(obj: dict) -> str:
    """Return the single external_id of a STIX object, whatever its source_name."""
    ids = [
        ref["external_id"] for ref in obj.get("external_references", []) if ref.get("external_id")
    ]
    if len(ids) != 1:
        raise DerivationError(f"{obj.get('id')}: expected one external_id, found {ids}")
    return ids[0]


def objects_of_type(bundle: dict, stix_type: str) -> list[dict]:
    """All objects of one STIX type in the bundle."""
    return [obj for obj in bundle["objects"] if obj.get("type") == stix_type]


def the_matrix(bundle: dict) -> dict:
    """The bundle's single x-mitre-matrix."""
    matrices = objects_of_type(bundle, "x-mitre-matrix")
    if len(matrices) != 1:
        raise DerivationError(f"expected one x-mitre-matrix, found {len(matrices)}")
    return matrices[0]


def matrix_tactic_order(bundle: dict) -> list[str]:
    """Tactic ids in the order of the matrix's tactic_refs (the display order)."""
    by_ref = {obj["id"]: obj for obj in objects_of_type(bundle, "x-mitre-tactic")}
    missing = [ref for ref in the_matrix(bundle)["tactic_refs"] if ref not in by_ref]
    if missing:
        raise DerivationError(f"matrix tactic_refs point to unknown tactics: {missing}")
    return [external_id(by_ref[ref]) for ref in the_matrix(bundle)["tactic_refs"]]


def derive_phases(rows: list[dict[str, str]]) -> Table:
    """phase_id,name,rank."""
    body = [[r["disarm_id"], r["name"], str(int(r["rank"]))] for r in rows]
    return ["phase_id", "name", "rank"], sorted(body)


def derive_tactics(
    rows: list[dict[str, str]], bundle: dict, accept_matrix_order: bool = False
) -> Table:
    """tactic_id,name,phase_id,rank; rank is the matrix display order, cross-checked."""
    order = matrix_tactic_order(bundle)
    csv_ids = {r["disarm_id"] for r in rows}
    if set(order) != csv_ids or len(order) != len(csv_ids):
        raise DerivationError(f"tactics differ: matrix {sorted(order)} vs CSV {sorted(csv_ids)}")
    matrix_rank = {tactic_id: index for index, tactic_id in enumerate(order, start=1)}
    disagreements = [
        f"{r['disarm_id']}: CSV rank {r['rank']}, matrix rank {matrix_rank[r['disarm_id']]}"
        for r in rows
        if int(r["rank"]) != matrix_rank[r["disarm_id"]]
    ]
    if disagreements:
        message = "tactic rank disagrees with the matrix's tactic_refs order:\n  " + "\n  ".join(
            disagreements
        )
        if not accept_matrix_order:
            raise DerivationError(message + "\n(rerun with --accept-matrix-order to use it)")
        print("WARNING: " + message + "\nusing the matrix order", file=sys.stderr)
    stix_names = {
        external_id(o): o["name"].strip() for o in objects_of_type(bundle, "x-mitre-tactic")
    }
    for r in rows:
        if stix_names[r["disarm_id"]] != r["name"]:
            raise DerivationError(
                f"{r['disarm_id']}: CSV name {r['name']!r} vs STIX name {stix_names[r['disarm_id']]!r}"
            )
    body = [
        [r["disarm_id"], r["name"], r["phase_id"], str(matrix_rank[r["disarm_id"]])] for r in rows
    ]
    return ["tactic_id", "name", "phase_id", "rank"], sorted(body)


def derive_techniques(rows: list[dict[str, str]], bundle: dict, tactic_ids: set[str]) -> Table:
    """disarm_id,name,tactic_id,parent_id; cross-checked against the STIX bundle."""
    by_id = {r["disarm_id"]: r for r in rows}
    if len(by_id) != len(rows):
        raise DerivationError("duplicate technique ids in the CSV")
    problems: list[str] = []
    for tech_id, r in by_id.items():
        if not TECHNIQUE_ID.match(tech_id):
            problems.append(f"{tech_id}: id does not match {TECHNIQUE_ID.pattern}")
        if r["tactic_id"] not in tactic_ids:
            problems.append(f"{tech_id}: unknown tactic {r['tactic_id']!r}")
        if "." in tech_id and tech_id.split(".")[0] not in by_id:
            problems.append(f"{tech_id}: parent {tech_id.split('.')[0]} does not exist")

    patterns = {obj["id"]: obj for obj in objects_of_type(bundle, "attack-pattern")}
    stix_by_id = {external_id(obj): obj for obj in patterns.values()}
    if set(stix_by_id) != set(by_id):
        problems.append(
            f"technique ids differ: only in STIX {sorted(set(stix_by_id) - set(by_id))}, "
            f"only in CSV {sorted(set(by_id) - set(stix_by_id))}"
        )
    shortname_to_tactic = {
        obj["x_mitre_shortname"]: external_id(obj)
        for obj in objects_of_type(bundle, "x-mitre-tactic")
    }
    for tech_id, obj in stix_by_id.items():
        if tech_id not in by_id:
            continue
        stix_tactics = [shortname_to_tactic.get(k["phase_name"]) for k in obj["kill_chain_phases"]]
        if stix_tactics != [by_id[tech_id]["tactic_id"]]:
            problems.append(
                f"{tech_id}: STIX tactics {stix_tactics} vs CSV {by_id[tech_id]['tactic_id']}"
            )
        if obj["name"].strip() != by_id[tech_id]["name"]:
            problems.append(
                f"{tech_id}: STIX name {obj['name']!r} vs CSV {by_id[tech_id]['name']!r}"
            )
        if bool(obj.get("x_mitre_is_subtechnique")) != ("." in tech_id):
            problems.append(f"{tech_id}: x_mitre_is_subtechnique disagrees with the id")

    stix_pairs = {
        (external_id(patterns[rel["source_ref"]]), external_id(patterns[rel["target_ref"]]))
        for rel in objects_of_type(bundle, "relationship")
        if rel.get("relationship_type") == "subtechnique-of"
    }
    id_pairs = {(tech_id, tech_id.split(".")[0]) for tech_id in by_id if "." in tech_id}
    if stix_pairs != id_pairs:
        problems.append(
            f"subtechnique-of relationships disagree with ids: only in STIX "
            f"{sorted(stix_pairs - id_pairs)}, only from ids {sorted(id_pairs - stix_pairs)}"
        )
    if problems:
        raise DerivationError("techniques:\n  " + "\n  ".join(problems))

    body = [
        [tech_id, r["name"], r["tactic_id"], tech_id.split(".")[0] if "." in tech_id else ""]
        for tech_id, r in by_id.items()
    ]
    return ["disarm_id", "name", "tactic_id", "parent_id"], sorted(body)


def parse_prefixed_id(value: str, pattern: re.Pattern[str], what: str, owner: str) -> str:
    """Bare id from a field like 'TA01 Strategic Planning' or 'D04'; '' when absent."""
    if not value:
        return ""
    match = pattern.match(value)
    if not match:
        raise DerivationError(f"{owner}: cannot read a {what} id from {value!r}")
    return match.group(1)


def derive_counters(
    rows: list[dict[str, str]],
    tactic_ids: set[str],
    response_type_ids: set[str],
    metatechnique_ids: set[str],
) -> Table:
    """counter_id,name,tactic_id,response_type_id,metatechnique_id (several joined by ';')."""
    body: list[Row] = []
    problems: list[str] = []
    for r in rows:
        counter_id = r["disarm_id"]
        if not COUNTER_ID.match(counter_id):
            problems.append(f"{counter_id}: id does not match {COUNTER_ID.pattern}")
        tactic = parse_prefixed_id(r["tactic"], TACTIC_PREFIX, "tactic", counter_id)
        response = parse_prefixed_id(
            r["responsetype"], RESPONSE_TYPE_PREFIX, "response type", counter_id
        )
        metas = METATECHNIQUE_ID.findall(r["metatechnique"])
        if r["metatechnique"] and not metas:
            problems.append(
                f"{counter_id}: cannot read a metatechnique id from {r['metatechnique']!r}"
            )
        if tactic and tactic not in tactic_ids:
            problems.append(f"{counter_id}: unknown tactic {tactic}")
        if response and response not in response_type_ids:
            problems.append(f"{counter_id}: unknown response type {response}")
        problems.extend(
            f"{counter_id}: unknown metatechnique {m}" for m in metas if m not in metatechnique_ids
        )
        body.append([counter_id, r["name"], tactic, response, ";".join(metas)])
    if problems:
        raise DerivationError("counters:\n  " + "\n  ".join(problems))
    header = ["counter_id", "name", "tactic_id", "response_type_id", "metatechnique_id"]
    return header, sorted(body)


def derive_response_types(rows: list[dict[str, str]]) -> Table:
    """response_type_id,name."""
    return ["response_type_id", "name"], sorted([r["disarm_id"], r["name"]] for r in rows)


def derive_version(frameworks: list[dict[str, str]], change_notes: list[str], bundle: dict) -> str:
    """One-line version statement: latest V-number in the change notes + the matrix's date."""
    red = next((r["name"] for r in frameworks if r["disarm_id"] == "FW01"), "DISARM Red")
    versions = [
        tuple(int(part) for part in match.split("."))
        for note in change_notes
        for match in CHANGE_NOTE_VERSION.findall(note)
    ]
    version = "v" + ".".join(str(part) for part in max(versions)) if versions else "v1"
    matrix = the_matrix(bundle)
    date = (matrix.get("modified") or matrix["created"])[:10]
    return (
        f"{red} framework {version} (DISARMframeworks master data, latest change note "
        f"{version.upper()}; STIX bundle matrix dated {date})"
    )


def derive_all(source: Path, accept_matrix_order: bool = False) -> dict[str, Table | str]:
    """Every output file name mapped to its table (header, rows) or, for .txt, its line."""
    bundle = load_bundle(source / BUNDLE_NAME)
    phases = read_csv(source / "disarm_phases.csv")
    tactics = read_csv(source / "disarm_tactics.csv")
    techniques = read_csv(source / "disarm_techniques.csv")
    counters = read_csv(source / "disarm_countermeasures.csv")
    response_types = read_csv(source / "disarm_responsetypes.csv")
    metatechniques = read_csv(source / "disarm_metatechniques.csv")
    frameworks = read_csv(source / "disarm_frameworks.csv")

    phase_ids = {r["disarm_id"] for r in phases}
    unknown_phases = sorted({r["phase_id"] for r in tactics} - phase_ids)
    if unknown_phases:
        raise DerivationError(f"tactics refer to unknown phases {unknown_phases}")
    tactic_ids = {r["disarm_id"] for r in tactics}
    change_notes = [r.get("changes from v0.1", "") for r in tactics + techniques]
    return {
        "disarm_phase.csv": derive_phases(phases),
        "disarm_tactic.csv": derive_tactics(tactics, bundle, accept_matrix_order),
        "disarm_technique.csv": derive_techniques(techniques, bundle, tactic_ids),
        "disarm_counter.csv": derive_counters(
            counters,
            tactic_ids,
            {r["disarm_id"] for r in response_types},
            {r["disarm_id"] for r in metatechniques},
        ),
        "disarm_response_type.csv": derive_response_types(response_types),
        "disarm_version.txt": derive_version(frameworks, change_notes, bundle),
    }


def write_outputs(outputs: dict[str, Table | str], out_dir: Path) -> None:
    """Write the tables as UTF-8 CSV with a header row and '\\n' line endings."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in outputs.items():
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            if isinstance(content, str):
                handle.write(content + "\n")
                continue
            header, rows = content
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        rows_written = 1 if isinstance(content, str) else len(content[1])
        print(f"wrote {path} ({rows_written} rows)")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="DISARM source folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--accept-matrix-order",
        action="store_true",
        help="if CSV tactic ranks disagree with the STIX matrix, warn and use the matrix order",
    )
    args = parser.parse_args(argv)
    try:
        outputs = derive_all(args.source, args.accept_matrix_order)
    except (DerivationError, OSError, KeyError, ValueError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    write_outputs(outputs, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
