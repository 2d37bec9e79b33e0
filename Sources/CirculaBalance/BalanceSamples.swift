import Foundation

/// Sample data shipped with CirculaBalance (synthetic, for demos and tests).
public enum BalanceSamples {
    /// Cu measurements for the sample period April 2024 on the bundled model: SYNTHETIC, made from the
    /// forward balance with random errors and one planted gross error (converting.blister read 12% high).
    ///
    /// ```swift
    /// let measurements = try MeasurementCSV.load(BalanceSamples.measurementsURL, network: network)
    /// ```
    public static var measurementsURL: URL {
        Bundle.module.url(forResource: "sample-measurements", withExtension: "csv", subdirectory: "Resources")!
    }
}
