import CirculaCore
import Foundation

/// Where the plant model comes from: a model YAML the user names, or the bundled `metallurgy.yaml`.
public enum ModelSource: Sendable, Hashable {
    case bundled
    case file(String)

    /// `nil` means the bundled model, as a CLI argument that was left out.
    public init(path: String?) { self = path.map(ModelSource.file) ?? .bundled }

    /// Reads and checks the model.
    /// - Throws: `InputErrors` with every problem found, each with its key path.
    ///
    /// ```swift
    /// let model = try ModelSource.bundled.load()
    /// print(model.flowsheet.processes.count)
    /// ```
    public func load() throws(InputErrors) -> ModelFile {
        switch self {
        case .bundled: try ModelFile.bundledDefault()
        case .file(let path): try ModelFile.load(URL(fileURLWithPath: path), displayName: path)
        }
    }
}
