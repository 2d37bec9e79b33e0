import CirculaCore
import Foundation

extension LotSource {
    /// Reads the lots and checks them against a model: feed ids, the category each feed allows, the assays each
    /// feed requires (`LotCSV.parse(_:file:checkedAgainst:)`), with the same located errors as the import.
    public func load(checkedAgainst model: ModelFile) throws(InputErrors) -> [Lot] {
        switch self {
        case .sample: try LotCSV.load(Resources.url("sample-lots.csv"), displayName: displayName, checkedAgainst: model)
        case .file(let path): try LotCSV.load(URL(fileURLWithPath: path), displayName: path, checkedAgainst: model)
        }
    }
}

extension Workspace {
    /// `lots check` against a model: every line checked for format, then against the model's feed catalogue;
    /// the summary only when nothing is wrong.
    ///
    /// ```swift
    /// let summary = try Workspace.checkLots(.file("april.csv"), against: try ModelFile.bundledDefault())
    /// ```
    public static func checkLots(_ source: LotSource, against model: ModelFile) throws(InputErrors) -> LotSummary {
        LotSummary(try source.load(checkedAgainst: model))
    }
}
