#!/usr/bin/env python3
"""Check a CDISC ODM 1.3.2 file: valid against the official schema, and loadable by odmlib.

Usage:
    check-odm.py FILE.xml [FILE.xml ...]

The schema is CDISC's ODM1-3-2.xsd with the files it includes, as they ship inside the odmlib package
(pip install odmlib lxml); the file is validated with lxml. It is then loaded into odmlib's ODM 1.3.2
object model, which reads every element and attribute by its own definition, and the counts of subjects,
forms and item values are printed. Exit status 0 when every file passes, 1 when one fails, 2 when odmlib
or lxml is missing.
"""
import os
import sys

try:
    from lxml import etree
    import odmlib
    import odmlib.loader as LD
    import odmlib.odm_loader as OL
except ImportError as missing:
    print(f"check-odm: {missing}; install with: python3 -m pip install odmlib lxml", file=sys.stderr)
    sys.exit(2)

NS = "{http://www.cdisc.org/ns/odm/v1.3}"


def schema_path():
    base = os.path.dirname(odmlib.__file__)
    path = os.path.join(base, "schemas", "odm", "1.3.2", "ODM1-3-2.xsd")
    if not os.path.exists(path):
        for root, _dirs, files in os.walk(base):
            if "ODM1-3-2.xsd" in files:
                return os.path.join(root, "ODM1-3-2.xsd")
        raise SystemExit("check-odm: the odmlib package holds no ODM1-3-2.xsd")
    return path


def check(path, schema):
    document = etree.parse(path)
    if not schema.validate(document):
        print(f"{path}: NOT valid against ODM 1.3.2")
        for error in list(schema.error_log)[:20]:
            print(f"  line {error.line}: {error.message}")
        return False
    root = document.getroot()
    if root.get("ODMVersion") != "1.3.2":
        print(f"{path}: ODMVersion is {root.get('ODMVersion')!r}, not '1.3.2'")
        return False
    loader = LD.ODMLoader(OL.XMLODMLoader(model_package="odm_1_3_2", ns_uri="http://www.cdisc.org/ns/odm/v1.3"))
    loader.open_odm_document(path)
    odm = loader.load_odm()
    study = odm.Study[0] if isinstance(odm.Study, list) else odm.Study
    mdv = study.MetaDataVersion[0]
    subjects = sum(len(clinical.SubjectData) for clinical in (odm.ClinicalData or []))
    forms = len(document.findall(f".//{NS}FormData"))
    items = len(document.findall(f".//{NS}ItemData"))
    audits = len(document.findall(f".//{NS}AuditRecord"))
    if len(mdv.FormDef) == 0 or len(mdv.ItemDef) == 0:
        print(f"{path}: odmlib read no forms or items from the metadata")
        return False
    print(f"{path}: valid ODM 1.3.2 ({odm.FileType}); odmlib read {len(mdv.FormDef)} FormDef, {len(mdv.ItemGroupDef)} ItemGroupDef, "
          f"{len(mdv.ItemDef)} ItemDef, {len(mdv.CodeList)} CodeList; {subjects} subjects, {forms} FormData, {items} ItemData, "
          f"{audits} AuditRecord")
    return True


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    schema = etree.XMLSchema(etree.parse(schema_path()))
    results = [check(path, schema) for path in argv[1:]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
