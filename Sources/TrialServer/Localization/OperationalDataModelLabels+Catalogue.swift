import TrialStore

extension OperationalDataModelLabels {
    /// The page catalogues' English and Chinese texts: an ODM export names forms, items and codes as the
    /// pages do.
    public static var pageCatalogues: OperationalDataModelLabels {
        OperationalDataModelLabels(english: Catalogue.of(.english).texts, chinese: Catalogue.of(.simplifiedChinese).texts)
    }
}
