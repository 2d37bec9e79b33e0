import Foundation

/// Files shipped with the ledger module (`Sources/CirculaLedger/Resources`).
public enum LedgerResources {
    /// The URL of a bundled file: `LedgerResources.url("sample-deliveries.csv")` (synthetic April 2024 cathode deliveries).
    public static func url(_ name: String) -> URL {
        // Same layout rule as CirculaCore's `Resources`: the copied folder, or the bundle's resource URL.
        let folder = Bundle.module.bundleURL.appendingPathComponent("Resources")
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) { return folder.appendingPathComponent(name) }
        return (Bundle.module.resourceURL ?? folder).appendingPathComponent(name)
    }
}
