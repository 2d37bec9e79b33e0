import Foundation

/// Files shipped with the planner (`Sources/CirculaPlan/Resources`): the default scenario and stock model.
public enum PlanResources {
    public static var directory: URL {
        let bundle = Bundle.module.bundleURL.appendingPathComponent("Resources")
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("default-scenario.yaml").path) { return bundle }
        return Bundle.module.resourceURL ?? bundle
    }

    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
