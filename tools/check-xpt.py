#!/usr/bin/env python3
"""Check a SAS transport (XPORT v5) file against the dataset it should hold.

Usage:
    check-xpt.py FILE.xpt DESCRIPTION.json [--csv VALUES.csv]
    check-xpt.py --directory DIR      (every DIR/NAME.xpt against DIR/NAME.json, values from
                                       DIR/NAME.csv when it exists)

DESCRIPTION.json describes one dataset (the first member of the file, the only one pandas and
pyreadstat read):
    {"name": "ADTTE", "label": "...",
     "variables": [{"name": "AVAL", "label": "...", "type": "numeric" | "character",
                    "length": 8, "format": "DATE9." | null}],
     "rows": [[12.0, "text", "2026-03-14", null], ...]}
The values come from "rows", or, with --csv, from a CSV file whose header row is the variable
names (missing values as empty fields, dates as YYYY-MM-DD). A CDISC Dataset-JSON 1.1 file (what
`trialdesk analyze` writes as adam/NAME.json) is read as such a description: its "columns" give the
variables ("dataType" "string" is character, any other numeric; "length" and "displayFormat" as
written) and its "rows" the values.

The file is read twice, with pandas.read_sas and with pyreadstat.read_xport, both as UTF-8. Each
reader must give the member name and label, the variable names, labels and formats in order, the
number of rows and every value. Numbers of length 8 must be equal exactly (IBM hexadecimal floats
hold every IEEE double in their range); shorter numerics are compared to their stored precision.
Character values are compared without trailing blanks, because SAS pads them with blanks; a
missing character value reads back as an empty string. Variables with a date format hold SAS
date numbers (days since 1960-01-01): pandas gives the number, pyreadstat a date.

Two facts of the format and of pandas are allowed for, and only these:
- IBM hexadecimal floats cannot hold magnitudes below 16**-65 (about 5.4e-79); such expected numbers
  are stored, as SAS stores them, as 0.
- pandas converts the IBM zero (eight zero bytes) to 16**-65 = 5.397605346934028e-79 instead of 0
  (pandas-dev/pandas issue 50670), so a pandas reading of exactly that magnitude counts as 0.
  Analysts reading these files with pandas should know that zeros (CNSR = 0, for one) arrive as
  5.4e-79; pyreadstat and R's haven read them as 0.
A third pandas weakness is reported, not excused: pandas counts rows by taking every all-blank
8-byte word of the last 80-byte record as padding, so a dataset whose rows are 80 bytes or
shorter can lose rows in pandas.

Exit status: 0 when both readers agree with the description, 1 on any difference (each printed),
2 on bad usage or unreadable input.
"""

import argparse
import csv
import datetime
import json
import math
import os
import sys
import warnings

SAS_EPOCH = datetime.date(1960, 1, 1)
IBM_LEAST_NORMAL = 16.0 ** -65
DATE_FORMATS = {"DATE", "YYMMDD", "E8601DA", "IS8601DA", "MMDDYY", "DDMMYY", "DAY", "WEEKDATE", "WORDDATE"}


def format_name(format_text):
    """'DATE9.' -> 'DATE'; '$20.' -> '$'; '8.2' -> ''."""
    if not format_text:
        return ""
    head = format_text.rsplit(".", 1)[0]
    return head.rstrip("0123456789").upper()


def is_date_variable(variable):
    return variable["type"] == "numeric" and format_name(variable.get("format")) in DATE_FORMATS


def expected_value(variable, raw, where, problems):
    """The expected value as a float (NaN for missing), a date, or a string."""
    if variable["type"] == "character":
        text = "" if raw is None else str(raw)
        return text.rstrip(" ")
    if raw is None or raw == "":
        return math.nan
    if is_date_variable(variable) or (isinstance(raw, str) and len(raw) == 10 and raw[4] == "-"):
        try:
            return datetime.date.fromisoformat(raw) if isinstance(raw, str) else SAS_EPOCH + datetime.timedelta(days=int(raw))
        except ValueError:
            problems.append(f"{where}: expected value {raw!r} is neither a number nor a YYYY-MM-DD date")
            return math.nan
    try:
        number = float(raw)
        return 0.0 if abs(number) < IBM_LEAST_NORMAL else number
    except (TypeError, ValueError):
        problems.append(f"{where}: expected value {raw!r} is not a number")
        return math.nan


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unneutralized(cell):
    # A CSV text cell that a spreadsheet would run as a formula carries a leading apostrophe
    # (docs/analysis.md); the transport file holds the value as recorded.
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def from_dataset_json(dataset):
    """A Dataset-JSON 1.1 dataset as the description above."""
    variables = [{
        "name": column["name"],
        "label": column["label"],
        "type": "character" if column["dataType"] == "string" else "numeric",
        "length": column.get("length", 8),
        "format": column.get("displayFormat"),
    } for column in dataset["columns"]]
    return {"name": dataset["name"], "label": dataset["label"], "variables": variables, "rows": dataset.get("rows", [])}


def load_expected(description_path, csv_path):
    with open(description_path, encoding="utf-8") as handle:
        description = json.load(handle)
    if isinstance(description, dict) and "columns" in description and "datasetJSONVersion" in description:
        description = from_dataset_json(description)
    if isinstance(description, list):
        if len(description) != 1:
            raise ValueError("give one dataset per description: pandas and pyreadstat read only the first member")
        description = description[0]
    variables = description["variables"]
    if csv_path is not None:
        with open(csv_path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            names = [v["name"] for v in variables]
            if header != names:
                raise ValueError(f"CSV header {header} differs from the variables {names}")
            raw_rows = [[unneutralized(cell) for cell in row] for row in reader]
    else:
        raw_rows = description.get("rows", [])
    problems = []
    rows = []
    for index, raw in enumerate(raw_rows):
        if len(raw) != len(variables):
            problems.append(f"expected row {index} has {len(raw)} values for {len(variables)} variables")
            continue
        rows.append([expected_value(v, r, f"row {index} {v['name']}", problems) for v, r in zip(variables, raw)])
    return description, rows, problems


def numbers_match(actual, expected, length):
    if isinstance(expected, float) and math.isnan(expected):
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return False
    if length >= 8:
        return float(actual) == float(expected)
    # A numeric of n bytes keeps 4 * (2n - 2) fraction bits, the leading hex digit holding at least one.
    tolerance = 2.0 ** -(8 * (length - 1) - 4)
    return abs(float(actual) - float(expected)) <= tolerance * max(abs(float(expected)), 1e-300)


def compare_value(reader, where, variable, actual, expected, problems):
    if variable["type"] == "character":
        actual_text = "" if actual is None or (isinstance(actual, float) and math.isnan(actual)) else actual
        if isinstance(actual_text, bytes):
            actual_text = actual_text.decode("utf-8")
        if actual_text.rstrip(" ") != expected:
            problems.append(f"{reader}: {where}: read {actual_text!r}, expected {expected!r}")
        return
    if isinstance(expected, datetime.date):
        if isinstance(actual, datetime.datetime):
            actual = actual.date()
        if isinstance(actual, datetime.date):
            ok = actual == expected
        elif reader == "pandas" and isinstance(actual, float) and abs(actual) == IBM_LEAST_NORMAL:
            ok = expected == SAS_EPOCH
        else:
            ok = numbers_match(actual, float((expected - SAS_EPOCH).days), 8)
        if not ok:
            problems.append(f"{reader}: {where}: read {actual!r}, expected the date {expected.isoformat()}")
        return
    if hasattr(actual, "item"):
        actual = actual.item()
    if reader == "pandas" and isinstance(actual, float) and abs(actual) == IBM_LEAST_NORMAL:
        actual = 0.0
    if not numbers_match(actual, expected, variable["length"]):
        problems.append(f"{reader}: {where}: read {actual!r}, expected {expected!r}")


def compare_metadata(reader, actual, description, problems):
    if actual["name"] != description["name"]:
        problems.append(f"{reader}: member name {actual['name']!r}, expected {description['name']!r}")
    if (actual["label"] or "") != description["label"]:
        problems.append(f"{reader}: dataset label {actual['label']!r}, expected {description['label']!r}")
    expected_names = [v["name"] for v in description["variables"]]
    if actual["names"] != expected_names:
        problems.append(f"{reader}: variables {actual['names']}, expected {expected_names}")
        return False
    for variable, label, form in zip(description["variables"], actual["labels"], actual["formats"]):
        if (label or "") != variable["label"]:
            problems.append(f"{reader}: label of {variable['name']} is {label!r}, expected {variable['label']!r}")
        if form is not None and format_name(form) != format_name(variable.get("format")):
            problems.append(f"{reader}: format of {variable['name']} is {form!r}, expected {variable.get('format')!r}")
    return True


def compare_rows(reader, columns, description, rows, problems):
    variables = description["variables"]
    count = len(columns[0]) if columns else 0
    if count != len(rows):
        problems.append(f"{reader}: {count} rows, expected {len(rows)}")
        return
    for row_index, expected_row in enumerate(rows):
        for column, variable, expected in zip(columns, variables, expected_row):
            compare_value(reader, f"row {row_index} {variable['name']}", variable, column[row_index], expected, problems)


def read_with_pandas(path):
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = pd.read_sas(path, format="xport", encoding="utf-8", iterator=True)
        frame = reader.read() if reader.nobs > 0 else pd.DataFrame({c: [] for c in reader.columns})
    fields = reader.fields
    metadata = {
        "name": reader.member_info["set_name"],
        "label": reader.member_info["label"],
        "names": [f["name"].decode("utf-8") for f in fields],
        "labels": [f["label"].decode("utf-8") for f in fields],
        "formats": [f["nform"].decode("utf-8") for f in fields],
    }
    columns = [list(frame[name]) for name in metadata["names"]]
    return metadata, columns


def read_with_pyreadstat(path):
    import pyreadstat

    frame, meta = pyreadstat.read_xport(path, encoding="utf-8")
    metadata = {
        "name": meta.table_name,
        "label": meta.file_label,
        "names": list(meta.column_names),
        "labels": [label or "" for label in meta.column_labels],
        "formats": [meta.original_variable_types.get(name) for name in meta.column_names],
    }
    columns = [list(frame[name]) for name in metadata["names"]]
    return metadata, columns


def check_file(xpt_path, description_path, csv_path):
    """Problems found in one file (empty when both readers agree), or None when the input is unusable."""
    if not os.path.isfile(xpt_path):
        print(f"{xpt_path} does not exist", file=sys.stderr)
        return None
    try:
        description, rows, problems = load_expected(description_path, csv_path)
    except (OSError, ValueError, KeyError) as error:
        print(f"cannot read the expected dataset {description_path}: {error}", file=sys.stderr)
        return None
    for reader, read in (("pandas", read_with_pandas), ("pyreadstat", read_with_pyreadstat)):
        try:
            metadata, columns = read(xpt_path)
        except Exception as error:  # any reader failure is a finding about the file
            problems.append(f"{reader}: cannot read {xpt_path}: {error}")
            continue
        if compare_metadata(reader, metadata, description, problems):
            compare_rows(reader, columns, description, rows, problems)
    for problem in problems:
        print(f"{xpt_path}: {problem}", file=sys.stderr)
    if not problems:
        print(f"{xpt_path}: {len(rows)} rows of {description['name']} read identically by pandas and pyreadstat")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description="Compare XPT files with the datasets they should hold.")
    parser.add_argument("xpt", nargs="?")
    parser.add_argument("description", nargs="?")
    parser.add_argument("--csv", default=None)
    parser.add_argument("--directory", default=None)
    args = parser.parse_args(argv)
    if args.directory is not None:
        if args.xpt or args.description or args.csv:
            parser.error("--directory takes no other arguments")
        names = sorted(f[:-4] for f in os.listdir(args.directory) if f.endswith(".xpt"))
        if not names:
            print(f"no .xpt files in {args.directory}", file=sys.stderr)
            return 2
        jobs = []
        for name in names:
            base = os.path.join(args.directory, name)
            jobs.append((base + ".xpt", base + ".json", base + ".csv" if os.path.isfile(base + ".csv") else None))
    elif args.xpt and args.description:
        jobs = [(args.xpt, args.description, args.csv)]
    else:
        parser.error("give FILE.xpt DESCRIPTION.json, or --directory DIR")
    status = 0
    for job in jobs:
        problems = check_file(*job)
        if problems is None:
            status = 2
        elif problems and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
