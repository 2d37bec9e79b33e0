import CirculaCore
import Foundation

/// Where lots come from: a lot CSV the user names, or the bundled sample period (synthetic lots, April 2024).
public enum LotSource: Sendable, Hashable {
    case sample
    case file(String)

    /// `nil` means the sample, as a CLI option that was left out.
    public init(path: String?) { self = path.map(LotSource.file) ?? .sample }

    /// The name used in messages and error locations: the path as the user typed it, or `sample-lots.csv`.
    public var displayName: String {
        switch self {
        case .sample: "sample-lots.csv"
        case .file(let path): path
        }
    }

    /// Reads and checks every line of the file.
    /// - Throws: `InputErrors` with every problem found, each with its line and column.
    ///
    /// ```swift
    /// let lots = try LotSource.file("april.csv").load()
    /// print(lots.first?.location ?? "")   // april.csv:2
    /// ```
    public func load() throws(InputErrors) -> [Lot] {
        switch self {
        case .sample: try LotCSV.load(Resources.url("sample-lots.csv"), displayName: displayName)
        case .file(let path): try LotCSV.load(URL(fileURLWithPath: path), displayName: path)
        }
    }
}

extension Workspace {
    /// Checks a lot file and summarises it: lots, wet/dry/recycled dry mass, contained and recycled mass per element.
    /// - Throws: `InputErrors` listing every problem of the file with its place; nothing is summarised then.
    ///
    /// ```swift
    /// let summary = try Workspace.checkLots(.sample)
    /// print(summary.lots, summary.recycledDryMass.formatted(.tonne))
    /// ```
    public static func checkLots(_ source: LotSource) throws(InputErrors) -> LotSummary {
        LotSummary(try source.load())
    }
}
