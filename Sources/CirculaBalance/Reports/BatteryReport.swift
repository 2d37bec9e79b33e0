import CirculaCore

/// Recycled content of cathode materials against Regulation (EU) 2023/1542, Art. 8.
///
/// For each product stream marked `battery_material: true` and each regulated material present (Co, Li, Ni,
/// and Pb where present): pre-consumer share = material from pre-consumer lots / material in the product,
/// post-consumer share likewise (shares by the balance's attribution), recycled share = their sum, compared
/// with the minimum that applies on the evaluation date. The output fields follow the Battery Pass data
/// model (Circularity: recycledContent[] with recycledMaterial, preConsumerShare, postConsumerShare).
public struct BatteryReport: Sendable {
    /// A step of minimums: from `from` (YYYY-MM-DD, inclusive) these mass fractions apply.
    public struct Minimums: Sendable, Equatable {
        public var from: String
        public var shares: [String: Double]
        public var source: String?
    }

    public struct Material: Sendable {
        public var element: String
        public var kg: Double
        public var preConsumerShare: Double
        public var postConsumerShare: Double
        public var recycledShare: Double { preConsumerShare + postConsumerShare }
        /// The minimum that applies on the evaluation date (nil: none applies yet, or the material is not regulated).
        public var minimum: Double?
        public var passes: Bool? { minimum.map { recycledShare >= $0 } }
    }

    public struct Product: Sendable {
        public var stream: String
        public var label: String
        public var form: String?
        public var productKg: Double?
        public var materials: [Material]
    }

    public static let regulated = ["Co", "Li", "Ni", "Pb"]

    public var evaluatedOn: String
    public var applicable: Minimums?
    public var products: [Product]

    /// - Parameters:
    ///   - minimums: the dated steps (from the model, `minimums(in:)`).
    ///   - date: the evaluation date, YYYY-MM-DD; the latest step starting on or before it applies.
    public init(_ result: BalanceResult, minimums: [Minimums], on date: String) {
        evaluatedOn = date
        let step = BatteryReport.applicable(minimums, on: date)
        applicable = step
        products = ProductStreamReport.all(result).filter(\.spec.batteryMaterial).map { report in
            let materials = BatteryReport.regulated.compactMap { element -> Material? in
                guard let kg = report.metalKg[element] ?? (result.balances[element] != nil ? result.flow(stream: report.stream, element: element) : nil),
                      kg > 0 else { return nil }
                let byCategory = result.attribution(stream: report.stream, element: element, by: .category)
                return Material(element: element, kg: kg,
                                preConsumerShare: (byCategory[MaterialCategory.preConsumer.rawValue] ?? 0) / kg,
                                postConsumerShare: (byCategory[MaterialCategory.postConsumer.rawValue] ?? 0) / kg,
                                minimum: step?.shares[element])
            }
            return Product(stream: report.stream, label: report.spec.label, form: report.spec.form,
                           productKg: report.productKg, materials: materials)
        }
    }

    /// The step in force on `date`: the one with the latest `from` that is not after it (a step applies from its
    /// first day). ISO dates compare as text.
    public static func applicable(_ minimums: [Minimums], on date: String) -> Minimums? {
        minimums.filter { $0.from <= date }.max { $0.from < $1.from }
    }

    /// Reads `constraints.battery_recycled_content_minimums.steps` of a model.
    public static func minimums(in model: ModelFile) throws(InputErrors) -> [Minimums] {
        guard let section = model.root.optional("constraints")?.optional("battery_recycled_content_minimums") else {
            throw InputErrors([model.root.error("no constraints.battery_recycled_content_minimums; expected steps: [{from: YYYY-MM-DD, Co: 0.16, ...}]")])
        }
        var steps: [Minimums] = []
        var errors: [LocatedError] = []
        do {
            let source = try section.optionalString("source")
            for item in try section.required("steps").items() {
                let from = try item.string("from")
                guard isISODay(from) else { errors.append(try item.required("from").error("expected a date YYYY-MM-DD, found \"\(from)\"")); continue }
                var shares: [String: Double] = [:]
                for (key, value) in try item.entries() where key != "from" {
                    let share = try value.double()
                    guard share >= 0, share <= 1 else { errors.append(value.error("expected a mass fraction from 0 to 1, found \(formatPlain(share))")); continue }
                    shares[key] = share
                }
                steps.append(Minimums(from: from, shares: shares, source: source))
            }
        } catch { errors.append(error) }
        if !errors.isEmpty { throw InputErrors(errors) }
        return steps.sorted { $0.from < $1.from }
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
public func isISODay(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
    let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
}
