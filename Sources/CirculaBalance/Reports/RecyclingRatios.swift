import CirculaCore

/// Recycling ratios of a period: recycled element in its products / all of that element in its products.
///
/// For copper the company's ratio is that of electrolytic copper, so Cu uses the cathode stream only
/// (domain notes: "recycling ratio of copper = recycled copper in cathode / all copper in cathode");
/// every other element uses all product streams that carry it.
public struct RecyclingRatios: Sendable {
    public struct Ratio: Sendable {
        public var element: String
        public var streams: [String]
        public var productKg: Double
        public var recycledKg: Double
        public var share: Double? { productKg > 0 ? recycledKg / productKg : nil }
    }

    public var ratios: [Ratio]

    public static let defaultElements = ["Cu", "Au", "Ag", "Co", "Li", "Ni", "Dy", "Tb"]
    public static let defaultStreams = ["Cu": ["electrorefining.cathode"]]

    public init(_ result: BalanceResult, elements: [String] = RecyclingRatios.defaultElements,
                streams fixed: [String: [String]] = RecyclingRatios.defaultStreams) {
        let products = ProductStreamReport.all(result)
        ratios = elements.map { element in
            let streams = fixed[element]?.filter { result.streamIndex($0) != nil }
                ?? products.filter { $0.spec.constituents.contains(element) }.map(\.stream)
            var total = 0.0, recycled = 0.0
            for stream in streams where result.balances[element] != nil {
                total += result.flow(stream: stream, element: element)
                recycled += result.recycledMassByLot(stream: stream, element: element).values.reduce(0, +)
            }
            return Ratio(element: element, streams: streams, productKg: total, recycledKg: recycled)
        }
    }

    public subscript(element: String) -> Ratio? { ratios.first { $0.element == element } }
}
