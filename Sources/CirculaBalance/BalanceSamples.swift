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

    /// Month-end in-process stock for the sample fiscal year (April 2024 – March 2025): SYNTHETIC anode stock,
    /// matte in the converters and slimes (Cu, Au, Ag), with the opening stock on 1 April 2024.
    ///
    /// ```swift
    /// let stock = try StockCSV.parse(String(contentsOf: BalanceSamples.fiscalYearStockURL, encoding: .utf8), file: "stock.csv",
    ///                                flowsheet: model.flowsheet, periods: months.map(\.name))
    /// ```
    public static var fiscalYearStockURL: URL {
        Bundle.module.url(forResource: "sample-fiscal-year-stock", withExtension: "csv", subdirectory: "Resources")!
    }
}
