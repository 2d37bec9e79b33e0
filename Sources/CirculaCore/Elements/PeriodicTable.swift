import Foundation

/// The 118 elements, loaded from the bundled `elements.csv`, with lookups by symbol, name or Z.
///
/// ```swift
/// let table = PeriodicTable.standard
/// try table.element("Cu").z          // 29
/// try table.element("copper").symbol // "Cu"
/// try table.element("79").symbol     // "Au"
/// table.elements(in: .rareMetalJP).count  // 47
/// ```
public struct PeriodicTable: Sendable {
    /// All elements in order of atomic number.
    public let elements: [Element]
    private let byKey: [String: Int]
    /// Exact symbol → index: the ledger decodes a symbol in every row it reads (`element(symbol:)`).
    private let bySymbol: [String: Int]

    /// The bundled table. Loading cannot fail for a correctly built package.
    public static let standard: PeriodicTable = {
        do {
            return try PeriodicTable(csvText: Resources.text("elements.csv"), file: "elements.csv")
        } catch {
            fatalError("bundled elements.csv is broken: \(error)")
        }
    }()

    /// Reads an `elements.csv` in the layout of `shared/data/elements.csv`.
    public init(csvText: String, file: String) throws {
        let records = try CSVReader.records(csvText, file: file)
        guard let header = records.first else { throw LocatedError(SourceLocation(file: file, line: 1), "empty file; expected a header row") }
        let table = try CSVTable(header: header, file: file)
        var elements: [Element] = []
        for record in records.dropFirst() {
            let row = table.row(record)
            var classes: Set<ElementClass> = []
            for elementClass in ElementClass.allCases where try row.int(elementClass.csvColumn) == 1 {
                classes.insert(elementClass)
            }
            let groupText = try row.string("group")
            elements.append(Element(
                z: try row.int("z"),
                symbol: try row.string("symbol"),
                name: try row.string("name"),
                atomicWeight: try row.double("atomic_weight"),
                weightIsMassNumber: try row.int("weight_is_mass_number") == 1,
                group: groupText.isEmpty ? nil : try row.int("group"),
                period: try row.int("period"),
                block: try row.string("block"),
                category: try row.string("category"),
                classes: classes))
        }
        self.init(elements: elements)
    }

    public init(elements: [Element]) {
        self.elements = elements.sorted()
        var keys: [String: Int] = [:]
        for (index, element) in self.elements.enumerated() {
            keys[element.symbol.lowercased()] = index
            keys[element.name.lowercased()] = index
            keys[String(element.z)] = index
        }
        // Common spellings that differ from the IUPAC names in the file.
        for (alias, symbol) in [("aluminum", "al"), ("caesium", "cs"), ("cesium", "cs"), ("sulphur", "s")] {
            if let index = keys[symbol] { keys[alias] = index }
        }
        byKey = keys
        bySymbol = Dictionary(self.elements.enumerated().map { ($1.symbol, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The element whose symbol is exactly `symbol`, or nil (no case folding, no trimming).
    public func element(exactSymbol symbol: String) -> Element? {
        bySymbol[symbol].map { elements[$0] }
    }

    /// Looks up by symbol, name or atomic number, ignoring case and surrounding spaces.
    /// - Throws: `ElementError.unknown` with the nearest symbols as suggestions.
    public func element(_ query: String) throws(ElementError) -> Element {
        let key = query.trimmingCharacters(in: .whitespaces).lowercased()
        if let index = byKey[key] { return elements[index] }
        throw .unknown(query, suggestions: suggestions(for: key))
    }

    /// The element with atomic number `z`, if it is 1…118.
    public func element(z: Int) -> Element? {
        byKey[String(z)].map { elements[$0] }
    }

    /// Elements on one published list.
    public func elements(in elementClass: ElementClass) -> [Element] {
        elements.filter { $0.classes.contains(elementClass) }
    }

    /// Up to three symbols nearest to `key`: same first letter first, then by edit distance.
    func suggestions(for key: String) -> [String] {
        guard !key.isEmpty else { return [] }
        let scored = elements.map { element -> (Element, Int) in
            let symbol = element.symbol.lowercased()
            var score = min(editDistance(key, symbol) * 2, editDistance(key, element.name.lowercased()) * 2 + 1)
            if symbol.first != key.first { score += 3 }
            if symbol.count != key.count { score += 1 }
            return (element, score)
        }
        let best = scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.z < $1.0.z }
        let limit = best.first.map { $0.1 + 2 } ?? 0
        return best.prefix(3).filter { $0.1 <= limit }.map(\.0.symbol)
    }
}

/// Levenshtein distance, small strings only.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
