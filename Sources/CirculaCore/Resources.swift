import Foundation

/// Access to the files shipped inside the package (`Sources/CirculaCore/Resources`).
public enum Resources {
    /// The folder that holds the bundled files.
    public static var directory: URL {
        // `.copy("Resources")` keeps the folder inside the bundle; Foundation on Linux reports
        // resourceURL as that same folder on some layouts and as the bundle on others.
        let bundle = Bundle.module.bundleURL.appendingPathComponent("Resources")
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("elements.csv").path) { return bundle }
        return Bundle.module.resourceURL ?? bundle
    }

    /// The URL of a bundled file, such as `metallurgy.yaml` or `sample-lots.csv`.
    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// The text of a bundled file.
    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}
