import Yams

/// What `circula model validate` checked, and every problem found, each with its place in the file.
public struct ModelValidation: Sendable {
    /// Transfer-coefficient rows checked (each sums to 1 over the process's outputs plus stock).
    public var coefficientRows: Int
    /// `source:` / `secondary_source:` keys checked against the sources section.
    public var sourceKeys: Int
    /// Product streams checked to carry one metal or one compound.
    public var productStreams: Int
    public var problems: [LocatedError]

    public var isValid: Bool { problems.isEmpty }
}

extension ModelFile {
    /// Checks what parsing alone does not: every source key resolves, every feed figure and process has a source
    /// or an assumed mark, every product stream carries one
    /// metal (or one compound) with a purity, only listed impurities reach a product, every feed enters
    /// the flowsheet and its required assays are elements of its composition.
    public func validate(table: PeriodicTable = .standard) -> ModelValidation {
        var problems: [LocatedError] = []

        // Every source key anywhere in the document, except inside the sources section itself.
        var sourceKeys = 0
        func walk(_ cursor: YAMLCursor) {
            switch cursor.node {
            case .mapping:
                for (key, value) in (try? cursor.entries()) ?? [] {
                    if cursor.path.isEmpty && key == "sources" { continue }
                    if key == "source" || key == "secondary_source" {
                        let keys: [String]
                        if case .scalar(let scalar) = value.node { keys = [scalar.string] } else {
                            keys = ((try? value.items()) ?? []).compactMap { try? $0.string() }
                        }
                        for name in keys {
                            sourceKeys += 1
                            if sources[name] == nil {
                                problems.append(value.error("unknown source \"\(name)\"; expected a key of the sources section"))
                            }
                        }
                    } else {
                        walk(value)
                    }
                }
            case .sequence:
                for item in (try? cursor.items()) ?? [] { walk(item) }
            default:
                break
            }
        }
        walk(root)

        let items = (try? root.optional("unit_operations")?.items()) ?? []
        var rows = 0
        var products = 0
        for (p, process) in flowsheet.processes.enumerated() {
            let item = p < items.count ? items[p] : root
            if process.source == nil && !process.assumed {
                problems.append(item.error("process \(process.id) has neither a source nor an assumed mark; expected source: <key> or assumed: true"))
            }
            for layer in process.layerOrder {
                rows += 1
                let sum = process.transferCoefficients[layer, default: [:]].values.reduce(0, +)
                if abs(sum - 1) > 1e-6 {
                    problems.append(LocatedError(process.rowLocations[layer] ?? item.location,
                                                 "transfer coefficients of \(layer) sum to \(formatPlain(sum)); expected 1"))
                }
            }
            for output in process.outputs {
                guard case .sink(let sink) = output.destination, sink == "product" else { continue }
                products += 1
                let place = item.optional("outputs")?.optional(output.name) ?? item
                guard let spec = output.product else {
                    problems.append(place.error("product stream \(process.id).\(output.name) names no metal; expected metal: <element> (or compound: <formula>) with purity:, since each product stream carries one metal"))
                    continue
                }
                let constituents = Set(spec.constituents)
                if constituents.isEmpty {
                    problems.append(place.error("product stream \(process.id).\(output.name): the compound \(spec.label) has no metal; expected metal: or a formula with a metal"))
                }
                let reaching = process.layerOrder.filter { (process.transferCoefficients[$0]?[output.name] ?? 0) > 0 }
                for metal in constituents where !reaching.contains(metal) {
                    problems.append(place.error("product stream \(process.id).\(output.name) sells \(metal) but no \(metal) row sends anything to \(output.name); expected a coefficient above 0"))
                }
                let stray = reaching.filter { !constituents.contains($0) && !spec.impurities.contains($0) }
                if !stray.isEmpty {
                    problems.append(place.error("product stream \(process.id).\(output.name) carries \(spec.label) but also receives \(stray.joined(separator: ", ")); expected one metal per product stream (route them elsewhere, or list them under impurities:)"))
                }
                if spec.purity == nil {
                    problems.append(place.error("product stream \(process.id).\(output.name) has no purity; expected purity: {value: <wt%>, unit: wt%, source: <key>}"))
                } else if spec.purity?.source == nil && spec.purity?.assumed != true {
                    problems.append(place.error("the purity of \(process.id).\(output.name) has no source; expected source: <key> or assumed: true"))
                }
            }
        }

        let feedItems = (try? root.optional("feeds")?.items()) ?? []
        for (f, feed) in feeds.enumerated() {
            let place = f < feedItems.count ? feedItems[f] : root
            for (name, value) in feed.components where value.source == nil && !value.assumed {
                let row = place.optional("composition")?.optional(name) ?? place
                problems.append(row.error("\(feed.id) \(name) has neither a source nor an assumed mark; expected source: <key> or assumed: true"))
            }
            if flowsheet.feedEntry[feed.id] == nil {
                problems.append(place.error("feed \(feed.id) enters no process; expected an entry under plant.feed_entry"))
            }
            let composition = try? feed.composition(table: table)
            for symbol in feed.requiredAssays {
                guard let element = try? table.element(symbol), element.symbol == symbol else {
                    problems.append(place.error("required assay \"\(symbol)\" is not an element symbol")); continue
                }
                if (composition?[element].value ?? 0) == 0 {
                    problems.append(place.error("required assay \(symbol) is not in the composition of \(feed.id)"))
                }
            }
        }
        return ModelValidation(coefficientRows: rows, sourceKeys: sourceKeys, productStreams: products, problems: problems)
    }

    /// Reads `required_assays: [Cu, Au]` of a feed.
    static func requiredAssays(_ item: YAMLCursor, table: PeriodicTable) throws(LocatedError) -> [String] {
        guard let list = item.optional("required_assays") else { return [] }
        var symbols: [String] = []
        for entry in try list.items() {
            let symbol = try entry.string()
            guard let element = try? table.element(symbol), element.symbol == symbol else {
                throw entry.error("unknown element \"\(symbol)\"; expected element symbols such as Cu, Au")
            }
            symbols.append(symbol)
        }
        return symbols
    }
}
