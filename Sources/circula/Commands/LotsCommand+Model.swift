import CirculaCore
import Foundation

/// Loads a lot file (the bundled sample when `path` is nil) and checks it against a model: feed ids,
/// the category each feed allows, the assays each feed requires. Same located errors as the import.
func loadLots(_ path: String?, checkedAgainst modelPath: String?) throws(InputErrors) -> [Lot] {
    let model = try loadModel(modelPath)
    if let path { return try LotCSV.load(URL(fileURLWithPath: path), displayName: path, checkedAgainst: model) }
    return try LotCSV.load(Resources.url("sample-lots.csv"), displayName: "sample-lots.csv", checkedAgainst: model)
}
