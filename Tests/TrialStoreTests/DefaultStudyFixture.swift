import TrialStudyFile

enum TrialStudyFileDefault {
    static var yaml: String { StudyDefinitionFile.defaultYAML }
}
