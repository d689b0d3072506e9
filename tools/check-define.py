#!/usr/bin/env python3
"""Check the Define-XML 2.1 file that `trialdesk analyze` writes (adam/define.xml).

Usage:
    check-define.py --directory DIR      (DIR/define.xml, with the datasets beside it)
    check-define.py FILE.xml

The file must
- validate against the Define-XML 2.1 schema (define2-1-0.xsd with the ODM 1.3.2 schema it includes) as
  shipped in the `odmlib` package from PyPI, with lxml;
- load with odmlib's Define-XML 2.1 model;
- hold together: every ItemRef, CodeListRef, MethodOID, ValueListRef, WhereClauseRef and def:ItemOID names
  a definition in the file, ADTTE's AVAL has value-level metadata with a where clause per PARAMCD value,
  every derived variable has a method with words in it, and (with --directory) every Dataset-JSON file the
  define.xml describes has the ItemGroupDef's OID and one column per ItemRef, in the same order.

Exit status: 0 when the file passes, 1 on any finding (each printed), 2 on bad usage or unreadable input.
"""

import argparse
import json
import os
import sys

ODM = "{http://www.cdisc.org/ns/odm/v1.3}"
DEF = "{http://www.cdisc.org/ns/def/v2.1}"


def schema_path():
    import odmlib

    path = os.path.join(os.path.dirname(odmlib.__file__), "schemas", "define", "2.1", "define2-1-0.xsd")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"odmlib does not ship {path}")
    return path


def schema_problems(path):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(schema_path()))
    document = etree.parse(path)
    if schema.validate(document):
        return document, []
    return document, [f"schema: line {error.line}: {error.message}" for error in schema.error_log]


def odmlib_problems(path):
    from odmlib import define_loader, loader

    try:
        reader = loader.ODMLoader(define_loader.XMLDefineLoader(model_package="define_2_1", ns_uri="http://www.cdisc.org/ns/def/v2.1"))
        reader.open_odm_document(path)
        study = reader.Study()
        mdv = study.MetaDataVersion
        return [] if mdv.ItemGroupDef else ["odmlib: the MetaDataVersion holds no ItemGroupDef"]
    except Exception as error:  # any loader failure is a finding about the file
        return [f"odmlib: cannot load the file: {error}"]


def reference_problems(document):
    root = document.getroot()
    problems = []
    mdv = root.find(f"{ODM}Study/{ODM}MetaDataVersion")
    if mdv is None:
        return ["no Study/MetaDataVersion"]
    items = {e.get("OID"): e for e in mdv.findall(f"{ODM}ItemDef")}
    codelists = {e.get("OID") for e in mdv.findall(f"{ODM}CodeList")}
    methods = {e.get("OID"): e for e in mdv.findall(f"{ODM}MethodDef")}
    value_lists = {e.get("OID"): e for e in mdv.findall(f"{DEF}ValueListDef")}
    wheres = {e.get("OID"): e for e in mdv.findall(f"{DEF}WhereClauseDef")}
    for ref in mdv.iter(f"{ODM}ItemRef"):
        if ref.get("ItemOID") not in items:
            problems.append(f"ItemRef names {ref.get('ItemOID')}, which no ItemDef defines")
        if ref.get("MethodOID") and ref.get("MethodOID") not in methods:
            problems.append(f"ItemRef {ref.get('ItemOID')} names method {ref.get('MethodOID')}, which no MethodDef defines")
        for where in ref.findall(f"{DEF}WhereClauseRef"):
            if where.get("WhereClauseOID") not in wheres:
                problems.append(f"ItemRef {ref.get('ItemOID')} names where clause {where.get('WhereClauseOID')}, which is not defined")
    for item in items.values():
        for ref in item.findall(f"{ODM}CodeListRef"):
            if ref.get("CodeListOID") not in codelists:
                problems.append(f"ItemDef {item.get('OID')} names code list {ref.get('CodeListOID')}, which is not defined")
        for ref in item.findall(f"{DEF}ValueListRef"):
            if ref.get("ValueListOID") not in value_lists:
                problems.append(f"ItemDef {item.get('OID')} names value list {ref.get('ValueListOID')}, which is not defined")
    for where in wheres.values():
        for check in where.findall(f"{ODM}RangeCheck"):
            if check.get(f"{DEF}ItemOID") not in items:
                problems.append(f"where clause {where.get('OID')} tests {check.get(DEF + 'ItemOID')}, which no ItemDef defines")
    for method in methods.values():
        words = "".join(method.find(f"{ODM}Description").itertext()).strip() if method.find(f"{ODM}Description") is not None else ""
        if not words:
            problems.append(f"method {method.get('OID')} has no description")
    for group in mdv.findall(f"{ODM}ItemGroupDef"):
        for ref in group.findall(f"{ODM}ItemRef"):
            item = items.get(ref.get("ItemOID"))
            if item is None:
                continue
            origin = item.find(f"{DEF}Origin")
            if origin is None:
                problems.append(f"ItemDef {item.get('OID')} has no origin")
            elif origin.get("Type") == "Derived" and not ref.get("MethodOID"):
                problems.append(f"{item.get('OID')} is derived but its ItemRef names no method")
    if "IG.ADTTE" in {g.get("OID") for g in mdv.findall(f"{ODM}ItemGroupDef")}:
        aval = items.get("IT.ADTTE.AVAL")
        if aval is None or aval.find(f"{DEF}ValueListRef") is None:
            problems.append("ADTTE's AVAL has no value-level metadata (def:ValueListRef)")
        tested = {check.findtext(f"{ODM}CheckValue") for where in wheres.values() for check in where.findall(f"{ODM}RangeCheck")
                  if check.get(f"{DEF}ItemOID") == "IT.ADTTE.PARAMCD"}
        paramcd = mdv.find(f"{ODM}CodeList[@OID='CL.ADTTE.PARAMCD']")
        if paramcd is not None:
            coded = {e.get("CodedValue") for e in paramcd}
            if coded != tested:
                problems.append(f"ADTTE's PARAMCD values {sorted(coded)} and the where clauses {sorted(tested)} differ")
    return problems


def dataset_json_problems(document, directory):
    problems = []
    mdv = document.getroot().find(f"{ODM}Study/{ODM}MetaDataVersion")
    for group in mdv.findall(f"{ODM}ItemGroupDef"):
        name = group.get("Name")
        path = os.path.join(directory, name.lower() + ".json")
        if not os.path.isfile(path):
            problems.append(f"{name}: no Dataset-JSON file {path}")
            continue
        with open(path, encoding="utf-8") as handle:
            dataset = json.load(handle)
        if dataset.get("itemGroupOID") != group.get("OID"):
            problems.append(f"{path}: itemGroupOID {dataset.get('itemGroupOID')!r}, define.xml says {group.get('OID')!r}")
        refs = [ref.get("ItemOID") for ref in sorted(group.findall(f"{ODM}ItemRef"), key=lambda r: int(r.get("OrderNumber")))]
        columns = [column.get("itemOID") for column in dataset.get("columns", [])]
        if refs != columns:
            problems.append(f"{path}: columns {columns} differ from define.xml's ItemRefs {refs}")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description="Validate a Define-XML 2.1 file against the schema shipped in odmlib.")
    parser.add_argument("file", nargs="?")
    parser.add_argument("--directory", default=None)
    args = parser.parse_args(argv)
    if args.directory is not None:
        if args.file:
            parser.error("--directory takes no other argument")
        path = os.path.join(args.directory, "define.xml")
    elif args.file:
        path = args.file
    else:
        parser.error("give FILE.xml or --directory DIR")
    if not os.path.isfile(path):
        print(f"{path} does not exist", file=sys.stderr)
        return 2
    try:
        document, problems = schema_problems(path)
    except Exception as error:
        print(f"{path}: cannot read: {error}", file=sys.stderr)
        return 2
    problems += odmlib_problems(path)
    problems += reference_problems(document)
    if args.directory is not None:
        problems += dataset_json_problems(document, args.directory)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    groups = document.getroot().findall(f"{ODM}Study/{ODM}MetaDataVersion/{ODM}ItemGroupDef")
    print(f"{path}: valid Define-XML 2.1 ({len(groups)} datasets: {', '.join(g.get('Name') for g in groups)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
