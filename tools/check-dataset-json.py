#!/usr/bin/env python3
"""Check the CDISC Dataset-JSON 1.1 files that `trialdesk analyze` writes.

Usage:
    check-dataset-json.py --directory DIR     (every DIR/NAME.json beside a DIR/NAME.xpt)
    check-dataset-json.py FILE.json [FILE.xpt]

Each file must
- validate against the Dataset-JSON 1.1 JSON schema (tools/dataset-json/dataset.schema.json, CDISC's own,
  see SOURCE.md there) with the `jsonschema` package;
- be consistent in itself: "records" equals the number of rows, every row has one value per column,
  item OIDs are unique, and each value has the JSON type its column's dataType asks for (string and date
  columns text, dates ISO 8601 YYYY-MM-DD, numeric columns numbers; null for missing);
- read back to the same values as the SAS transport file beside it: the XPT is read with pandas and
  pyreadstat exactly as tools/check-xpt.py reads it, against the Dataset-JSON file's columns and rows.

Exit status: 0 when every file passes, 1 on any finding (each printed), 2 on bad usage or unreadable input.
"""

import argparse
import datetime
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_PATH = os.path.join(HERE, "dataset-json", "dataset.schema.json")


def load_transport_checker():
    spec = importlib.util.spec_from_file_location("check_xpt", os.path.join(HERE, "check-xpt.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schema_validator():
    import jsonschema

    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def structure_problems(dataset):
    problems = []
    columns = dataset.get("columns", [])
    rows = dataset.get("rows", [])
    if dataset.get("records") != len(rows):
        problems.append(f"records is {dataset.get('records')} but the file holds {len(rows)} rows")
    oids = [column["itemOID"] for column in columns]
    if len(set(oids)) != len(oids):
        problems.append("item OIDs repeat")
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            problems.append(f"row {index} has {len(row) if isinstance(row, list) else 'no'} values for {len(columns)} columns")
            continue
        for column, value in zip(columns, row):
            if value is None:
                continue
            where = f"row {index} {column['name']}"
            kind = column["dataType"]
            if kind in ("string", "decimal", "datetime", "time", "URI"):
                if not isinstance(value, str):
                    problems.append(f"{where}: {value!r} is not text ({kind})")
            elif kind == "date":
                try:
                    datetime.date.fromisoformat(value)
                except (TypeError, ValueError):
                    problems.append(f"{where}: {value!r} is not an ISO 8601 date")
            elif kind in ("integer", "float", "double"):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    problems.append(f"{where}: {value!r} is not a number ({kind})")
            elif kind == "boolean" and not isinstance(value, bool):
                problems.append(f"{where}: {value!r} is not true or false")
    return problems


def check(json_path, xpt_path, validator, transport):
    try:
        with open(json_path, encoding="utf-8") as handle:
            dataset = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"{json_path}: cannot read: {error}", file=sys.stderr)
        return None
    problems = [f"schema: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
                for error in validator.iter_errors(dataset)]
    if not problems:
        problems += structure_problems(dataset)
    for problem in problems:
        print(f"{json_path}: {problem}", file=sys.stderr)
    if problems:
        return problems
    print(f"{json_path}: valid Dataset-JSON {dataset['datasetJSONVersion']}, {dataset['records']} records of {dataset['name']}")
    if xpt_path is not None:
        # The transport checker compares the XPT with this file's own columns and rows.
        found = transport.check_file(xpt_path, json_path, None)
        if found is None:
            return None
        problems += found
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description="Validate Dataset-JSON 1.1 files and compare them with their XPT files.")
    parser.add_argument("json", nargs="?")
    parser.add_argument("xpt", nargs="?")
    parser.add_argument("--directory", default=None)
    args = parser.parse_args(argv)
    if args.directory is not None:
        if args.json or args.xpt:
            parser.error("--directory takes no other arguments")
        names = sorted(f[:-4] for f in os.listdir(args.directory) if f.endswith(".xpt"))
        if not names:
            print(f"no .xpt files in {args.directory}", file=sys.stderr)
            return 2
        jobs = [(os.path.join(args.directory, n + ".json"), os.path.join(args.directory, n + ".xpt")) for n in names]
    elif args.json:
        jobs = [(args.json, args.xpt)]
    else:
        parser.error("give FILE.json [FILE.xpt], or --directory DIR")
    validator = schema_validator()
    transport = load_transport_checker()
    status = 0
    for json_path, xpt_path in jobs:
        if not os.path.isfile(json_path):
            print(f"{json_path} does not exist (every transport file has its Dataset-JSON beside it)", file=sys.stderr)
            status = max(status, 1)
            continue
        problems = check(json_path, xpt_path, validator, transport)
        if problems is None:
            status = 2
        elif problems and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
